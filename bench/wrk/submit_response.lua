-- POST /api/v1/forms/{id}/responses for students across the generated district: each response
-- is a form_submitted event that opens a case (Referral form, trigger on) or joins the open one.
-- Env: COOKIE, CSRF, FORM_ID, ANSWERS (the answers object as JSON), FIRST_ID, LAST_ID.
local headers = {
  Cookie = os.getenv("COOKIE"),
  ["X-CSRF-Token"] = os.getenv("CSRF"),
  ["Content-Type"] = "application/json",
}
local path = "/api/v1/forms/" .. os.getenv("FORM_ID") .. "/responses"
local answers = os.getenv("ANSWERS")
local first, last = tonumber(os.getenv("FIRST_ID")), tonumber(os.getenv("LAST_ID"))
local counter = 0
request = function()
  counter = counter + 1
  local id = first + (counter * 104729) % (last - first + 1)
  local body = '{"student_id":' .. id .. ',"answers":' .. answers .. '}'
  return wrk.format("POST", path, headers, body)
end
