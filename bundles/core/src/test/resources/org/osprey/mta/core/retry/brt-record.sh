#!/usr/bin/env bash
# Records Exim 4.96's answers to -brt for brt-configure into brt-corpus.txt (run from this directory).
set -u
R=${EXIM_REFERENCE:-/work/shared/tools/exim-reference}
out=brt-corpus.txt
: > $out
while IFS= read -r args; do
  printf '== %s\n' "$args" >> $out
  set -f
  # shellcheck disable=SC2086
  if [ -z "$args" ]; then $R -c brt-configure -- -brt >> $out 2>/dev/null; else $R -c brt-configure -- -brt $args >> $out 2>/dev/null; fi
  echo "rc=$?" >> $out
  set +f
done < brt-cases.txt
