-- wrk script for the cold path: each request carries the next of N distinct API keys (file WRK_KEYS, one
-- "ApiKey <base64>" header value per line); the thread stops after N answers, so each key authenticates once.
-- wrk's own duration is the -d given (its main thread sleeps that long even when a thread stops early), so the
-- time from the first request to the N-th answer is measured here (LuaJIT ffi clock) and printed as a COLD line.
local ffi = require("ffi")
ffi.cdef[[
  typedef struct { long tv_sec; long tv_nsec; } kg_timespec;
  int clock_gettime(int clk_id, kg_timespec *tp);
]]
local ts = ffi.new("kg_timespec")
local function now()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
end

local keys = {}
for line in io.lines(os.getenv("WRK_KEYS")) do keys[#keys + 1] = line end
local n = 0
local answered = 0
local started = nil
wrk.method = "GET"

function request()
  if not started then started = now() end
  n = n + 1
  local k = keys[((n - 1) % #keys) + 1]
  return wrk.format(nil, nil, { ["Authorization"] = k })
end

function response(status, headers, body)
  answered = answered + 1
  if answered == #keys then
    local secs = now() - started
    io.write(string.format('COLD {"keys":%d,"seconds":%.3f,"keys_per_s":%.1f}\n', #keys, secs, #keys / secs))
    io.flush() -- load.sh waits for this line to read both processes' CPU time
    wrk.thread:stop()
  end
end

dofile(os.getenv("WRK_LUA_DIR") .. "/report.lua")
