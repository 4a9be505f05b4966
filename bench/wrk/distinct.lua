-- wrk: every request a different query. Run as
--   wrk -tN ... -s distinct.lua URL -- PARAMS_FILE START N
-- PARAMS_FILE (written by bench/workloads.py): line 1 the request path with the marker __BENCH_PARAM__ wherever the
-- parameter goes (the query URL-encoded), then one URL-encoded parameter a line, in an order already shuffled with
-- the run's seed. Thread i of n sends the parameters at START + i, START + i + n, ...: no two requests of a run
-- are the same query, and the next run starts at the position after the last one this run sent (bench/wrk.py
-- passes it), so a run never replays the one before (which would make it a run of cache hits). Prints the last
-- position sent and how many answers came from the server's answer cache (X-Cache: hit), and the usual summary.
local MARKER = "__BENCH_PARAM__"
local threads = {}
local counter = 0

setup = function(thread)
  thread:set("index", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

init = function(args)
  local file = assert(io.open(args[1], "r"))
  local template = file:read("*l")
  params = {}
  for line in file:lines() do
    params[#params + 1] = line
  end
  file:close()
  pieces = {}  -- the template split at each marker (the parameter occurs once or more)
  local from = 1
  while true do
    local at = string.find(template, MARKER, from, true)
    if at == nil then
      break
    end
    pieces[#pieces + 1] = string.sub(template, from, at - 1)
    from = at + #MARKER
  end
  pieces[#pieces + 1] = string.sub(template, from)
  stride = tonumber(args[3])
  position = tonumber(args[2]) + index
  last = -1
  hits = 0
  wrapped = 0
end

request = function()
  local chosen = params[(position % #params) + 1]
  if position >= #params then
    wrapped = wrapped + 1
  end
  last = position
  position = position + stride
  return wrk.format(nil, table.concat(pieces, chosen))
end

response = function(status, headers, body)
  local cache = headers["X-Cache"] or headers["x-cache"]
  if cache == "hit" then
    hits = hits + 1
  end
end

done = function(summary, latency, requests)
  local last_sent, all_hits, all_wrapped = -1, 0, 0
  for _, thread in ipairs(threads) do
    last_sent = math.max(last_sent, thread:get("last"))
    all_hits = all_hits + thread:get("hits")
    all_wrapped = all_wrapped + thread:get("wrapped")
  end
  local e = summary.errors
  io.write(string.format('WRK_DISTINCT {"last":%d,"cache_hits":%d,"wrapped":%d}\n', last_sent, all_hits, all_wrapped))
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,' ..
    '"timeout":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
