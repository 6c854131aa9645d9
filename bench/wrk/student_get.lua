-- GET a student's timeline, cycling through the generated students so no one row stays hot.
-- Env: COOKIE, FIRST_ID, LAST_ID.
local cookie = os.getenv("COOKIE")
local first, last = tonumber(os.getenv("FIRST_ID")), tonumber(os.getenv("LAST_ID"))
local counter = 0
request = function()
  counter = counter + 1
  local id = first + (counter * 7919) % (last - first + 1)
  return wrk.format("GET", "/api/v1/students/" .. id .. "/timeline", { Cookie = cookie })
end
