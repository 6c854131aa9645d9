-- POST /api/v1/tasks for students across the generated district: each assignment records a
-- task_assigned event that opens a case (no case yet) or joins the open one.
-- Env: COOKIE, CSRF, ASSIGNEE, FIRST_ID, LAST_ID.
local headers = {
  Cookie = os.getenv("COOKIE"),
  ["X-CSRF-Token"] = os.getenv("CSRF"),
  ["Content-Type"] = "application/json",
}
local assignee = os.getenv("ASSIGNEE")
local first, last = tonumber(os.getenv("FIRST_ID")), tonumber(os.getenv("LAST_ID"))
local counter = 0
request = function()
  counter = counter + 1
  local id = first + (counter * 104729) % (last - first + 1)
  local body = '{"student_id":' .. id .. ',"assignee_id":' .. assignee ..
               ',"title":"Check in","due_date":"2030-01-15"}'
  return wrk.format("POST", "/api/v1/tasks", headers, body)
end
