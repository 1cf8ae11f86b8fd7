#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bash (and dash) run real scripts inside umk: pipelines, subshells,
# command substitution, trap, wait, background jobs and `kill %1`, set -e,
# functions, here-documents, read from a pipe, loops of $(true).  Each
# script's output and exit status equal the native run's, byte for byte.
# The scripts print no pids or times, so that the two runs can agree.
. "$(dirname "$0")/lib.sh"

oneTimeSetUp()
{
	make_tmp bash || return 1
}

oneTimeTearDown()
{
	rm_tmp
}

# script NAME: the script on stdin becomes $E2E_TMP/NAME.sh.
script()
{
	cat >"$E2E_TMP/$1.sh"
}

# same_bash NAME: the script $E2E_TMP/NAME.sh under bash, umk against native.
same_bash()
{
	assert_same_as_native "$1" /bin/bash "$E2E_TMP/$1.sh"
}

testPipelinesAndPipestatus()
{
	script pipes <<'EOF'
seq 1 3000 | grep 7 | sort -rn | head -n 5 | tr 0-9 a-j
printf '%s\n' pear apple pear fig apple pear | sort | uniq -c | sort -rn
false | true | (exit 3)
echo "PIPESTATUS ${PIPESTATUS[*]}"
set -o pipefail
false | true
echo "pipefail $?"
yes hello | head -n 3
seq 1 100000 | wc -l
cat /etc/os-release | md5sum
EOF
	same_bash pipes
}

testSubshellsAndCommandSubstitution()
{
	script subst <<'EOF'
x=outer
(x=inner; echo "in subshell: $x"; cd /; pwd)
echo "after subshell: $x, $(pwd | wc -c) bytes of pwd"
y=$(echo a; echo b)
echo "two lines: $y"
echo "nested: $(echo $(echo $(echo deep)))"
z=$( (exit 3) ); echo "status of a substitution: $?"
n=$(printf '%s\n' 1 2 3 | wc -l)
echo "count $n"
echo "arith $(( $(echo 6) * $(echo 7) ))"
{ echo group1; echo group2; } | tr a-z A-Z
echo "backticks `echo old style`"
f=$(mktemp)
echo "a file" >"$f"
echo "read back: $(<"$f")"
rm -f "$f"
EOF
	same_bash subst
}

testTrapOnExitSignalsAndErr()
{
	script trap <<'EOF'
trap 'echo "EXIT trap, status $?"' EXIT
trap 'echo "got USR1"' USR1
kill -USR1 $$
echo "after USR1"
( trap 'echo "subshell TERM"; exit 5' TERM; kill -TERM $BASHPID; echo "not reached" )
echo "subshell status $?"
( trap 'echo "ERR in subshell"' ERR; false; echo "after false" )
trap - USR1
( kill -USR1 $BASHPID; echo "not reached either" )
echo "default USR1 killed the subshell: $?"
bash -c 'trap "echo inner HUP; exit 9" HUP; kill -HUP $$; sleep 5'
echo "inner bash $?"
exit 4
EOF
	same_bash trap
}

testWaitAndBackgroundJobs()
{
	script wait <<'EOF'
d=$(mktemp -d)
(sleep 0.3; exit 7) & slow=$!
(exit 3) & fast=$!
wait $fast; echo "fast $?"
wait $slow; echo "slow $?"
for i in 1 2 3 4 5; do
	(sleep 0.0$i; echo "job $i" >"$d/$i") &
done
wait
cat "$d"/* 
sleep 0.2 &
sleep 0.1 &
wait -n; echo "wait -n $?"
wait; echo "all done $?"
sh -c 'exit 11' &
wait $!; echo "sh in background: $?"
rm -rf "$d"
EOF
	same_bash wait
}

testKillPercentOneStopsAJob()
{
	script killjob <<'EOF'
# `wait %1` would race with bash forgetting the dead job; wait for its pid.
sleep 100 & p=$!
sleep 0.1
kill %1
wait $p
echo "killed job: $?"
sleep 100 &
kill -KILL %1
wait
echo "all reaped: $?"
sleep 100 & p1=$!
sleep 100 & p2=$!
kill %1 %2
wait $p1; a=$?
wait $p2; b=$?
echo "two jobs: $a $b"
sh -c 'kill -9 $$'
echo "kill -9 \$\$ in sh: $?"
EOF
	same_bash killjob
}

testSetEStopsAtFirstFailure()
{
	script sete <<'EOF'
set -e
echo one
if false; then echo no; fi
false || echo "|| keeps going"
! false
f() { echo "in f"; return 0; }
f
x=$(echo sub; true)
echo "$x"
(exit 0)
echo two
false
echo "not reached"
EOF
	same_bash sete
	assertEquals "set -e: exit status under umk" 1 "$st"
}

testFunctionsRecursionAndLocals()
{
	script funcs <<'EOF'
fib() { if [ "$1" -lt 2 ]; then echo "$1"; else echo $(( $(fib $(($1 - 1))) + $(fib $(($1 - 2))) )); fi; }
echo "fib 12 = $(fib 12)"
counter=0
bump() { local counter=100; counter=$((counter + 1)); echo "local $counter"; }
bump; echo "global $counter"
ret() { return "$1"; }
ret 42; echo "return $?"
declare -A map=([one]=1 [two]=2)
for k in $(printf '%s\n' "${!map[@]}" | sort); do echo "$k=${map[$k]}"; done
arr=(c a b); IFS=$'\n' sorted=($(sort <<<"${arr[*]}")); unset IFS
echo "sorted ${sorted[*]}"
EOF
	same_bash funcs
}

testHereDocsAndHereStrings()
{
	script heredoc <<'EOF'
name=world
cat <<END
hello $name
  two spaces, $((1 + 2))
END
cat <<'END'
literal $name $(not run)
END
cat <<-END
	tabs stripped for $name
	END
tr a-z A-Z <<<"here string $name"
while read -r line; do echo "line: $line"; done <<END
first
second
END
wc -c <<END
$(seq 1 1000)
END
EOF
	same_bash heredoc
}

testReadFromAPipe()
{
	script readpipe <<'EOF'
printf 'a b\nc d\ne f\n' | while read -r x y; do echo "$y-$x"; done
echo "1 2 3" | { read -r a b c; echo "$c$b$a"; }
shopt -s lastpipe
echo "kept" | read -r kept
echo "lastpipe: $kept"
seq 1 500 | { sum=0; while read -r n; do sum=$((sum + n)); done; echo "sum $sum"; }
printf 'no newline at the end' | { read -r t; echo "status $? text '$t'"; }
exec 3< <(printf 'from a process substitution\n')
read -r ps <&3; exec 3<&-
echo "$ps"
EOF
	same_bash readpipe
}

testLoopOfCommandSubstitutions()
{
	script loop <<'EOF'
for i in $(seq 1 300); do x=$(true); done
echo "300 substitutions of true"
n=0
for i in $(seq 1 200); do n=$((n + $(echo 1))); done
echo "sum of 200 echoes: $n"
for i in $(seq 1 100); do /bin/true; done
echo "100 runs of /bin/true: $?"
EOF
	same_bash loop
}

testDashReportsExitStatuses()
{
	script dash <<'EOF'
/bin/false; echo "false $?"
/bin/true; echo "true $?"
sh -c 'exit 3'; echo "exit 3: $?"
sh -c 'kill -TERM $$'; echo "TERM: $?"
x=$(sh -c 'echo out; exit 2'); echo "subst $? $x"
sleep 0.1 & wait $!; echo "background $?"
if grep -q NAME /etc/os-release; then echo "grep found it"; fi
for i in 1 2 3; do echo "$i"; done | while read -r i; do echo "read $i"; done
trap 'echo dash EXIT' EXIT
EOF
	assert_same_as_native dash /bin/sh "$E2E_TMP/dash.sh"
}

. /usr/bin/shunit2
