-- wrk script: POST /api/v1/applications, each request with an Idempotency-Key of its own and a valid car-import
-- application (docs/api.md), so every request is a new application the hub stores, queues and delivers.
--
--   wrk -t1 -c32 -d30s --latency -s benchmarks/wrk/intake.lua -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080
--
-- Environment: BENCH_ENTRY (default emigration.CAR-IMPORT-01, the demo ministry's; the entry must offer the
-- car-import form), BENCH_RUN (a prefix of the keys, default the start time; keys never repeat across runs).
-- At the end it prints "intake-status <code> <count>" lines, one per HTTP status, for benchmarks/cluster-bench.sh.

local entry = os.getenv("BENCH_ENTRY") or "emigration.CAR-IMPORT-01"
local run = os.getenv("BENCH_RUN") or tostring(os.time())
local threads = {}
local thread_id = 0

local body = '{"entryId": "' .. entry .. '",'
  .. ' "applicant": {"nationalId": "29001011234567", "passportNumber": "A12345678",'
  .. ' "name": {"ar": "أحمد محمد علي", "en": "Ahmed Mohamed Aly"},'
  .. ' "countryOfResidence": "SA", "contact": {"email": "ahmed@example.com", "phone": "+966501234567"}},'
  .. ' "fields": {"nationalId": "29001011234567", "passportNumber": "A12345678", "residenceCountry": "SA",'
  .. ' "vehicleVin": "1HGCM82633A004352", "vehicleModelYear": 2024}}'

-- the headers of the command line (-H, the token) and wrk's Host, with the request's own: a table given to
-- wrk.format replaces wrk.headers rather than adding to it
local function with_headers(own)
  local all = {}
  for k, v in pairs(wrk.headers) do all[k] = v end
  for k, v in pairs(own) do all[k] = v end
  return all
end

function setup(thread)
  thread_id = thread_id + 1
  thread:set("id", thread_id)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  statuses = {}
end

function request()
  counter = counter + 1
  -- unique across threads and runs: the run, the thread, the request
  local key = string.format("bench-%s-%d-%d", run, id, counter)
  return wrk.format("POST", "/api/v1/applications",
    with_headers({["Content-Type"] = "application/json", ["Idempotency-Key"] = key}), body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do
    io.write(string.format("intake-status %d %d\n", status, count))
  end
end
