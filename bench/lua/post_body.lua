-- wrk script: POST (or the method in env WRK_METHOD) the file named by env WRK_BODY, with the header in env WRK_AUTH
-- (optional) and WRK_CTYPE; prints one JSON line of results at the end (see report.lua).
local body_file = os.getenv("WRK_BODY")
if body_file then
  local f = assert(io.open(body_file, "rb"))
  wrk.body = f:read("*a")
  f:close()
end
wrk.method = os.getenv("WRK_METHOD") or "POST"
wrk.headers["Content-Type"] = os.getenv("WRK_CTYPE") or "application/x-ndjson"
local auth = os.getenv("WRK_AUTH")
if auth and auth ~= "" then wrk.headers["Authorization"] = auth end

dofile(os.getenv("WRK_LUA_DIR") .. "/report.lua")
