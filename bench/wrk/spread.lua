-- wrk: count responses per gunicorn worker (X-Worker-Pid header), summed over wrk's threads.
counts = {}
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

response = function(status, headers, body)
  local pid = headers["X-Worker-Pid"] or headers["x-worker-pid"] or "none"
  counts[pid] = (counts[pid] or 0) + 1
end

done = function(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for pid, n in pairs(thread:get("counts")) do
      total[pid] = (total[pid] or 0) + n
    end
  end
  io.write("WRK_PIDS")
  for pid, n in pairs(total) do
    io.write(" " .. pid .. "=" .. n)
  end
  io.write("\n")
end
