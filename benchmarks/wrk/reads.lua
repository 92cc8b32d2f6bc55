-- wrk script: the app's catalogue reads, a mix of listings, filters, Arabic and English search, one entry, the
-- entities and the change feed, in both languages (docs/api.md). Read-only: any hub, any number of times.
--
--   wrk -t1 -c32 -d30s --latency -s benchmarks/wrk/reads.lua -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080
--
-- Environment: BENCH_ENTRY (default emigration.CAR-IMPORT-01), the entry read by id.

local entry = os.getenv("BENCH_ENTRY") or "emigration.CAR-IMPORT-01"
local paths = {
  "/api/v1/catalogue",
  "/api/v1/catalogue?page=1&size=20",
  "/api/v1/catalogue?entity=emigration",
  "/api/v1/catalogue?kind=PRIVILEGE",
  "/api/v1/catalogue?q=%D8%B3%D9%8A%D8%A7%D8%B1%D8%A9", -- سيارة (car)
  "/api/v1/catalogue?q=insurance",
  "/api/v1/catalogue/" .. entry,
  "/api/v1/entities",
  "/api/v1/catalogue/changes?limit=50",
}
local languages = {"ar", "en"}
local threads = {}

-- the headers of the command line (-H, the token) and wrk's Host, with the request's own: a table given to
-- wrk.format replaces wrk.headers rather than adding to it
local function with_headers(own)
  local all = {}
  for k, v in pairs(wrk.headers) do all[k] = v end
  for k, v in pairs(own) do all[k] = v end
  return all
end

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  statuses = {}
end

function request()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  local language = languages[(math.floor(counter / #paths) % 2) + 1]
  return wrk.format("GET", path, with_headers({["Accept-Language"] = language}))
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      io.write(string.format("reads-status %d %d\n", status, count))
    end
  end
end
