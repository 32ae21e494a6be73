-- rotate.lua -- wrk script: request PREFIX .. LINE for each line of FILE
-- (URL-encoded queries, one a line), in turn, each wrk thread starting at
-- a different line; at the end print one line of exact figures for
-- bench/run.sh:
--
--   WRK rps=R p50=MS p90=MS p99=MS max=MS requests=N non2xx=N errors=N
--
-- Usage: wrk [OPTIONS] -s bench/rotate.lua URL -- FILE PREFIX

local threads = 0
local paths = {}
local next_path = 0

function setup(thread)
   thread:set("id", threads)
   threads = threads + 1
end

function init(args)
   local file, prefix = args[1], args[2]
   for line in io.lines(file) do
      if line ~= "" then
         paths[#paths + 1] = prefix .. line
      end
   end
   next_path = (id or 0) * 7 % #paths
end

function request()
   next_path = next_path % #paths + 1
   return wrk.format("GET", paths[next_path])
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      "WRK rps=%.1f p50=%.3f p90=%.3f p99=%.3f max=%.3f requests=%d non2xx=%d errors=%d\n",
      summary.requests / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(90) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000,
      summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
