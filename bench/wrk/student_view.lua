-- GET a student's record, cycling through the district so no one row stays hot; each view
-- commits an access-log entry before it answers. Env: COOKIE, FIRST_ID, LAST_ID.
local cookie = os.getenv("COOKIE")
local first, last = tonumber(os.getenv("FIRST_ID")), tonumber(os.getenv("LAST_ID"))
local counter = 0
request = function()
  counter = counter + 1
  local id = first + (counter * 7919) % (last - first + 1)
  return wrk.format("GET", "/api/v1/students/" .. id, { Cookie = cookie })
end
