-- wrk script for the cold path: each request carries the next of N distinct API keys (file WRK_KEYS, one
-- "ApiKey <base64>" header value per line); the thread stops after N answers, so each key authenticates once.
local keys = {}
for line in io.lines(os.getenv("WRK_KEYS")) do keys[#keys + 1] = line end
local n = 0
local answered = 0
wrk.method = "GET"

function request()
  n = n + 1
  local k = keys[((n - 1) % #keys) + 1]
  return wrk.format(nil, nil, { ["Authorization"] = k })
end

function response(status, headers, body)
  answered = answered + 1
  if answered >= #keys then wrk.thread:stop() end
end

dofile(os.getenv("WRK_LUA_DIR") .. "/report.lua")
