#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# python3 inside umk starts processes and threads as real programs do:
# subprocess (fork/exec, pipes, return codes), threading and
# concurrent.futures thread pools (futexes), multiprocessing (fork, pipes,
# POSIX semaphores in /dev/shm), os.fork/os.waitpid and signal handlers.
# Each check prints its results; the output equals the native run's.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3

oneTimeSetUp()
{
	make_tmp python || return 1
}

oneTimeTearDown()
{
	rm_tmp
}

# same_py NAME: the program on stdin, as $E2E_TMP/check_NAME.py (a name no
# module has: the script's directory comes first in sys.path), umk against
# native.
same_py()
{
	cat >"$E2E_TMP/check_$1.py"
	assert_same_as_native "$1" "$PY" "$E2E_TMP/check_$1.py"
}

testSubprocessRunCapturesOutputAndStatus()
{
	requires "$PY" || return 0
	same_py subprocess <<'EOF'
import subprocess
r = subprocess.run(["/bin/echo", "hello", "world"], capture_output=True, text=True)
print(repr(r.stdout), r.returncode)
r = subprocess.run(["/bin/sh", "-c", "echo err >&2; exit 3"], capture_output=True, text=True)
print(repr(r.stderr), r.returncode)
print(subprocess.check_output("seq 1 5 | tr '\\n' ' '", shell=True, text=True))
p1 = subprocess.Popen(["seq", "1", "1000"], stdout=subprocess.PIPE)
p2 = subprocess.Popen(["wc", "-l"], stdin=p1.stdout, stdout=subprocess.PIPE, text=True)
p1.stdout.close()
print("pipeline", p2.communicate()[0].strip(), p1.wait(), p2.returncode)
r = subprocess.run(["cat"], input="fed through stdin\n", capture_output=True, text=True)
print(repr(r.stdout))
p = subprocess.Popen(["sleep", "100"])
p.terminate()
print("terminated", p.wait())
try:
    subprocess.run(["/nonexistent/program"])
except FileNotFoundError as e:
    print("FileNotFoundError", e.errno)
EOF
}

testThreadPoolExecutorMapAndThreading()
{
	requires "$PY" || return 0
	same_py threads <<'EOF'
import threading, queue
from concurrent.futures import ThreadPoolExecutor
with ThreadPoolExecutor(max_workers=8) as ex:
    print(sum(ex.map(lambda x: x * x, range(1000))))
    print(list(ex.map(lambda s: s.upper(), ["a", "b", "c"])))
lock = threading.Lock()
count = 0
def work():
    global count
    for _ in range(20000):
        with lock:
            count += 1
ts = [threading.Thread(target=work) for _ in range(4)]
for t in ts: t.start()
for t in ts: t.join()
print("count", count)
q = queue.Queue(maxsize=4)
def produce():
    for i in range(2000):
        q.put(i)
    q.put(None)
got = []
t = threading.Thread(target=produce); t.start()
while (v := q.get()) is not None:
    got.append(v)
t.join()
print("queue", len(got), sum(got))
ev = threading.Event()
threading.Timer(0.05, ev.set).start()
print("event", ev.wait(5))
cv = threading.Condition()
ready = []
def waiter():
    with cv:
        cv.wait_for(lambda: ready)
        print("condition", ready[0])
w = threading.Thread(target=waiter); w.start()
with cv:
    ready.append("notified"); cv.notify_all()
w.join()
EOF
}

testMultiprocessingPoolMap()
{
	requires "$PY" || return 0
	same_py mppool <<'EOF'
import multiprocessing as mp
def square(x):
    return x * x
if __name__ == "__main__":
    mp.set_start_method("fork")
    with mp.Pool(4) as pool:
        print(pool.map(square, range(50)))
        print(sorted(pool.imap_unordered(square, range(10))))
        print(pool.apply_async(square, (12,)).get(timeout=30))
EOF
}

testMultiprocessingProcessQueueAndLock()
{
	requires "$PY" || return 0
	same_py mpproc <<'EOF'
import multiprocessing as mp, os, sys
def child(q, lock, n):
    with lock:
        q.put((n, n * 10))
def failing():
    sys.exit(7)
if __name__ == "__main__":
    mp.set_start_method("fork")
    q = mp.Queue()
    lock = mp.Lock()
    ps = [mp.Process(target=child, args=(q, lock, n)) for n in range(5)]
    for p in ps: p.start()
    print(sorted(q.get(timeout=30) for _ in ps))
    for p in ps: p.join()
    print([p.exitcode for p in ps])
    p = mp.Process(target=failing); p.start(); p.join()
    print("exitcode", p.exitcode)
    v = mp.Value("i", 0)
    def add(v):
        for _ in range(1000):
            with v.get_lock():
                v.value += 1
    ps = [mp.Process(target=add, args=(v,)) for _ in range(3)]
    for p in ps: p.start()
    for p in ps: p.join()
    print("shared value", v.value)
EOF
}

testOsForkWaitpidAndSignals()
{
	requires "$PY" || return 0
	same_py osfork <<'EOF'
import os, signal, time
pid = os.fork()
if pid == 0:
    os._exit(42)
_, st = os.waitpid(pid, 0)
print("exit", os.WIFEXITED(st), os.WEXITSTATUS(st))
pid = os.fork()
if pid == 0:
    time.sleep(100)
    os._exit(0)
os.kill(pid, signal.SIGKILL)
_, st = os.waitpid(pid, 0)
print("killed", os.WIFSIGNALED(st), os.WTERMSIG(st))
got = []
signal.signal(signal.SIGUSR1, lambda s, f: got.append(s))
os.kill(os.getpid(), signal.SIGUSR1)
print("handler", got == [signal.SIGUSR1])
r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(r)
    os.write(w, b"from the child")
    os._exit(0)
os.close(w)
data = b""
while chunk := os.read(r, 100):
    data += chunk
os.waitpid(pid, 0)
print(data.decode())
EOF
}

. /usr/bin/shunit2
