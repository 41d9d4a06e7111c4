# Runs a reference tool, counting the records it prints and measuring wall time and the tool's peak RSS
# (getrusage of the waited-for child). Usage: python3 measure.py <tool> <args...>  -> one JSON line
import json, resource, subprocess, sys, time

started = time.monotonic()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
count = 0
tail = b""
marker = b"</Event>"
while True:
    block = proc.stdout.read(1 << 20)
    if not block:
        break
    data = tail + block
    count += data.count(marker)
    # The last len(marker)-1 bytes cannot hold a whole marker; kept, they complete one split across two blocks.
    tail = data[len(data) - len(marker) + 1:]
code = proc.wait()
seconds = time.monotonic() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"records": count, "seconds": seconds, "maxRssKB": usage.ru_maxrss, "exit": code}))
