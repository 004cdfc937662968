# ref-docker.jq: a plain jq version of `jmlog -j log` for Docker's json-file
# logs, used as a reference in bench/reallogs.sh.
#
#   jq -c --slurpfile table bench/android.json -f bench/ref-docker.jq container.log
#
# It finds the codes in the text of .log as jmlog's default finder does (six
# digits starting with 871, not next to an ASCII letter, digit or "_") and
# adds a member "jmlog": one element per distinct code, in order of first
# appearance, with "count" when it occurs more than once, and the table's
# message and instruction (or "unknown": true). Other lines are output
# unchanged (as jq re-serialises them).

($table[0]) as $t
| if type == "object" and (.log | type) == "string" then
    [.log | scan("(?<![0-9A-Za-z_])871[0-9]{3}(?![0-9A-Za-z_])") | tonumber] as $cs
    | if ($cs | length) == 0 then .
      else . + {jmlog: [
        reduce $cs[] as $c ([]; if any(.[]; .code == $c)
          then map(if .code == $c then .count += 1 else . end)
          else . + [{code: $c, count: 1}] end)
        | .[] | {code} + (if .count > 1 then {count} else {} end) + ($t[.code | tostring] // {unknown: true})
      ]}
      end
  else . end
