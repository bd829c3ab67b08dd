-- wrk script: POSTs the JSON body in the file named by WRK_BODY to the URL wrk was given.
local file = assert(io.open(os.getenv("WRK_BODY"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
wrk.headers["Content-Type"] = "application/json"
file:close()
