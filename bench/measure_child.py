# Runs one command and prints, as one JSON line, its wall time and peak RSS (the child's own, from wait4),
# so a benchmark measures `node bin/portcullis.js parse FILE` exactly as a user runs it.
# usage: python3 measure_child.py OUT_FILE -- COMMAND ARGS...   (OUT_FILE receives the command's stdout)
import json, os, subprocess, sys, time

out_path = sys.argv[1]
command = sys.argv[sys.argv.index('--') + 1:]
with open(out_path, 'wb') as out:
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
stderr = child.stderr.read().decode('utf-8', 'replace')[-500:] if child.stderr else ''
print(json.dumps({'seconds': seconds, 'cpuSeconds': usage.ru_utime + usage.ru_stime, 'maxRssMb': usage.ru_maxrss / 1024,
                  'exitCode': os.waitstatus_to_exitcode(status), 'stderr': stderr}))
