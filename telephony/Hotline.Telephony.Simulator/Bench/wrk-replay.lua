-- bench-webhooks' script for wrk: each wrk thread holds ONE connection and sends the requests prepared for it, once
-- each and in order, so every answer belongs to the request just sent. Per answer it writes one line
--   <request number> <1 if the answer was the expected one, else 0> <HTTP status> <sent µs> <answered µs>
-- (monotonic clock) to <folder>/<thread>.out; bench-webhooks reads them. When its requests run out a thread writes
-- <thread>.done and stops; at the phase's end (its duration, on the script's clock, from the first request) a thread
-- writes <thread>.stopped and stops once its last request is answered, so no request is left in flight; done() prints
-- how many requests each thread sent. wrk starts each thread as soon as its
-- script is loaded, the first one seconds before the last when each has thousands of requests to read: no thread sends
-- before the last one is ready (<folder>/go), so all the connections are busy from the first request.
--
-- wrk <options> -s wrk-replay.lua <url> <folder> <threads> <expected status> <mode: once|repeat> <duration µs> [<marker the body must hold>]
-- <folder>/<thread>.req: the thread's raw HTTP/1.1 requests, each followed by a NUL byte.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock_id, bench_timespec *tp);
  int usleep(unsigned int microseconds);
]]
local CLOCK_MONOTONIC = 1
local clock = ffi.new("bench_timespec")

local function now_us()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1000000 + math.floor(tonumber(clock.tv_nsec) / 1000)
end

-- Main state: the threads, to read their counts in done().
local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

function init(args)
  folder, expected_status, mode, duration_us, marker = args[1], tonumber(args[3]), args[4], tonumber(args[5]), args[6] or ""
  local thread_count = tonumber(args[2])
  local file = assert(io.open(string.format("%s/%d.req", folder, index), "rb"))
  local data = file:read("*a")
  file:close()
  requests = {}
  for request in data:gmatch("([^%z]+)%z") do
    requests[#requests + 1] = request
  end
  out = assert(io.open(string.format("%s/%d.out", folder, index), "wb"))
  out:setvbuf("full", 1048576)
  sent, started = 0, 0
  -- wrk calls request() once on the first thread before the run, only to check that it parses.
  checked = index ~= 0
  going = false
  if index == thread_count - 1 then
    assert(io.open(folder .. "/go", "wb")):close()
  end
end

local function wait_for_the_last_thread()
  while true do
    local go = io.open(folder .. "/go", "rb")
    if go then
      go:close()
      return
    end
    ffi.C.usleep(500)
  end
end

function request()
  if not checked then
    checked = true
    return requests[1]
  end
  if not going then
    wait_for_the_last_thread()
    going = true
    deadline = now_us() + duration_us
  end
  local ran_out = mode ~= "repeat" and sent == #requests
  if ran_out or now_us() >= deadline then
    out:flush()
    local mark = assert(io.open(string.format("%s/%d.%s", folder, index, ran_out and "done" or "stopped"), "wb"))
    mark:close()
    wrk.thread:stop()
    return ""
  end
  sent = sent + 1
  started = now_us()
  return mode == "repeat" and requests[1] or requests[sent]
end

function response(status, headers, body)
  local answered = now_us()
  local ok = status == expected_status and (marker == "" or body:find(marker, 1, true) ~= nil)
  out:write(sent, " ", ok and 1 or 0, " ", status, " ", started, " ", answered, "\n")
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    io.write(string.format("sent %d %d\n", thread:get("index"), thread:get("sent")))
  end
  local e = summary.errors
  io.write(string.format("errors connect=%d read=%d write=%d timeout=%d\n", e.connect, e.read, e.write, e.timeout))
end
