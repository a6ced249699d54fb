-- wrk script: GET the URL, with the header in env WRK_AUTH (optional); JSON result line at the end.
wrk.method = "GET"
local auth = os.getenv("WRK_AUTH")
if auth and auth ~= "" then wrk.headers["Authorization"] = auth end

dofile(os.getenv("WRK_LUA_DIR") .. "/report.lua")
