-- GET /api/v1/students?q=PREFIX as someone types a name: three-letter prefixes of family and
-- given names, cycling, 25 a page. Env: COOKIE.
local cookie = os.getenv("COOKIE")
local prefixes = { "smi", "ngu", "gar", "pat", "wil", "yaz", "oka", "nak", "ava", "liam",
                   "sof", "mat", "zoe", "ome", "cha", "bro", "tan", "hoa", "ibr", "wei" }
local counter = 0
request = function()
  counter = counter + 1
  local q = prefixes[(counter % #prefixes) + 1]
  return wrk.format("GET", "/api/v1/students?limit=25&q=" .. q, { Cookie = cookie })
end
