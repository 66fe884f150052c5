-- wrk script for bench/writes.py: each request is a POST to one path by the next signed-in
-- person (session keys one a line in the file given after `--`), with a CSRF cookie and header.
-- Usage: wrk -t 1 -c 8 -d 10s -s bench/wrk_post.lua http://127.0.0.1:8000 -- PATH KEYS FIRST LAST
--        REFERER (headers are set here: wrk.format does not add those given with -H)
-- Requests go through the keys FIRST..LAST (1-based) in order, wrapping around, so a run
-- shorter than the list never repeats a person. The last line, "JSON {...}", gives the figures.
-- With PATH "-", each line of the file is a path instead (a petition signature's confirmation
-- link), POSTed without a session: someone without an account confirming their signature.

local keys = {}
local counter = 1
local path = "/"
local first, last = 1, 1
local referer = ""
local token = "benchmarkcsrftokenbenchmarkcsrf0"
statuses = {}  -- a global: done() reads it from each thread

function init(args)
  path = args[1]
  for line in io.lines(args[2]) do
    if #line > 0 then keys[#keys + 1] = line end
  end
  first = tonumber(args[3]) or 1
  last = math.min(tonumber(args[4]) or #keys, #keys)
  referer = args[5]
  counter = first
end

function request()
  local key = keys[counter]
  counter = counter + 1
  if counter > last then counter = first end
  if path == "-" then
    return wrk.format("POST", key, {
      ["Cookie"] = "csrftoken=" .. token,
      ["X-CSRFToken"] = token,
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["X-Forwarded-Proto"] = "https",
      ["Referer"] = referer,
    }, "action=confirm")
  end
  return wrk.format("POST", path, {
    ["Cookie"] = "sessionid=" .. key .. "; csrftoken=" .. token,
    ["X-CSRFToken"] = token,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-Forwarded-Proto"] = "https",  -- as behind the TLS proxy production expects
    ["Referer"] = referer,
  }, "")
end

local threads = {}
function setup(thread) table.insert(threads, thread) end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local e = summary.errors
  local counts = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for code, n in pairs(s) do counts[code] = (counts[code] or 0) + n end
  end
  local parts = {}
  for code, n in pairs(counts) do parts[#parts + 1] = string.format('"%d": %d', code, n) end
  io.write(string.format(
    'JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"statuses": {%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect, e.read, e.write, e.status, e.timeout,
    table.concat(parts, ", ")))
end
