# ref.jq: a plain jq version of `jmlog -j error.code` for NDJSON, used as a
# reference in bench/compare.sh.
#
#   jq -c --slurpfile table bench/android.json -f bench/ref.jq app.ndjson
#
# bench/android.json maps each code (as a string) to {"message","instruction"}.
# When .error.code is an integer, or a string of digits, that is in the table,
# a member "jmlog": [{"code":N,"message":...,"instruction":...}] is added at
# the end of the object; an 871xxx code that is not in the table gets
# [{"code":N,"unknown":true}]. Any other line is output unchanged (as jq
# re-serialises it: for the bench corpora that is byte for byte the input).

($table[0]) as $t
| (if type == "object" and (.error | type) == "object" then .error.code else null end) as $raw
| ($raw
   | if type == "number" and . == floor then .
     elif type == "string" and test("^[0-9]{1,15}$") then tonumber
     else null end) as $n
| if $n == null then .
  elif $t[$n | tostring] then . + {jmlog: [{code: $n} + $t[$n | tostring]]}
  elif $n >= 871000 and $n <= 871999 then . + {jmlog: [{code: $n, unknown: true}]}
  else . end
