-- GET a student's record (or, with SUFFIX=/timeline, the timeline), cycling through the
-- students FIRST_ID..LAST_ID so no one row stays hot; each request commits an access-log entry
-- before it answers. Env: COOKIE, FIRST_ID, LAST_ID, SUFFIX.
local cookie = os.getenv("COOKIE")
local first, last = tonumber(os.getenv("FIRST_ID")), tonumber(os.getenv("LAST_ID"))
local suffix = os.getenv("SUFFIX") or ""
local counter = 0
request = function()
  counter = counter + 1
  local id = first + (counter * 7919) % (last - first + 1)
  return wrk.format("GET", "/api/v1/students/" .. id .. suffix, { Cookie = cookie })
end
