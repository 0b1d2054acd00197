-- One request, repeated by wrk: METHOD, BODY and KEY from the environment.
-- PATHS (optional): a file of paths, one a line, that the requests go
-- round instead of the URL's path.
wrk.method = os.getenv("METHOD") or "GET"
wrk.body = os.getenv("BODY")
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("KEY")
if key and key ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. key
end

-- Writes carry a fresh Idempotency-Key each, as an EHR sends them, so the
-- idempotency row is part of what is measured. Each wrk thread has a Lua
-- state of its own, with the same random sequence: the thread's number
-- keeps their keys apart (identical keys would make one request wait for
-- the other and answer with its stored response).
local threads = 0
function setup(thread)
    threads = threads + 1
    thread:set("thread_id", threads)
end

local counter = 0
local prefix
-- Writes of findings spread over a clinic's consultations, as its
-- clinicians' do: all on one would take turns for its row lock, and fill
-- it (a consultation holds at most 1000 records). Each thread starts at a
-- point of its own (a prime step apart) so that two seldom write to one
-- consultation at once.
local paths = {}
local at = 0
function init(args)
    prefix = tostring(os.time()) .. "-" .. tostring(thread_id or 0)
    local file = os.getenv("PATHS")
    if file and file ~= "" then
        for line in io.lines(file) do
            paths[#paths + 1] = line
        end
        at = ((thread_id or 0) * 7919) % #paths
    end
end

function request()
    if wrk.method == "POST" then
        counter = counter + 1
        wrk.headers["Idempotency-Key"] = "bench-" .. prefix .. "-" .. counter
    end
    if #paths == 0 then
        return wrk.format()
    end
    at = at % #paths + 1
    return wrk.format(nil, paths[at])
end

-- p50 and p99 in microseconds, and the request count, for the harness.
function done(summary, latency, requests)
    io.write(string.format("RESULT %d %.3f %d %d %d\n", summary.requests,
        summary.duration / 1e6, latency:percentile(50), latency:percentile(99),
        summary.errors.status + summary.errors.connect + summary.errors.read +
        summary.errors.write + summary.errors.timeout))
end
