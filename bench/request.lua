-- One request, repeated by wrk: METHOD, BODY and KEY from the environment.
wrk.method = os.getenv("METHOD") or "GET"
wrk.body = os.getenv("BODY")
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("KEY")
if key and key ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. key
end

-- Writes carry a fresh Idempotency-Key each, as an EHR sends them, so the
-- idempotency row is part of what is measured.
local counter = 0
local prefix = tostring(os.time()) .. "-" .. tostring(math.random(1000000))
function request()
    if wrk.method == "POST" then
        counter = counter + 1
        wrk.headers["Idempotency-Key"] = "bench-" .. prefix .. "-" .. counter
    end
    return wrk.format()
end

-- p50 and p99 in microseconds, and the request count, for the harness.
function done(summary, latency, requests)
    io.write(string.format("RESULT %d %.3f %d %d %d\n", summary.requests,
        summary.duration / 1e6, latency:percentile(50), latency:percentile(99),
        summary.errors.status + summary.errors.connect + summary.errors.read +
        summary.errors.write + summary.errors.timeout))
end
