-- wrk script: POSTs the JSON body in the file named by WRK_BODY to the URL wrk was given.
local file = assert(io.open(os.getenv("WRK_BODY"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
wrk.headers["Content-Type"] = "application/json"
-- The API needs an access token (bench/run.sh gets one from the serve host's /bench/token).
wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("WRK_TOKEN"), "WRK_TOKEN is not set")
file:close()
