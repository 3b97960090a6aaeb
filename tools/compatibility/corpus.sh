#!/usr/bin/env bash
# The compatibility corpus: every torchvision classification architecture of Debian's python3-torch, exported by
# torch.onnx.export at each opset (below 9 in the old zoo format: IR 3, weights also inputs), then for each file:
#   - `deepdream models check` (our gradient against finite differences at the network's main layers);
#   - a dream at the file's automatic default layer, one octave of 10 steps without jitter on a 224x224 photo, and the
#     same ascent in PyTorch on the same weights (ascent.py): the objective before and after in both;
# then, after all of them, with nothing else running, seconds per 512x512 iteration of each architecture at the first
# opset, ours and PyTorch's.
# Prints docs/compatibility.md's tables. Needs Debian's python3-torch and python3-torchvision.
#   [ARCHITECTURES="resnet50 vgg16"] [TIMING=no] tools/compatibility/corpus.sh [OPSET ...]      (default: 13)
# Without ARCHITECTURES, every convolutional classifier torchvision lists (its vision transformers are not CNNs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/tools/compatibility"
work="${CORPUS_DIR:-$(mktemp -d -t deepdream-corpus-XXXXXX)}"
opsets=("${@:-13}")
rm -f "$work/timed"
python=/usr/bin/python3   # Debian's, which has torch; not a pyenv shim's
architectures=(${ARCHITECTURES:-$("$python" -c 'import torchvision
print(" ".join(n for n in torchvision.models.list_models(module=torchvision.models) if not n.startswith(("vit_", "swin_", "maxvit_"))))')})
deepdream="${DEEPDREAM:-$root/deepdream}"   # or a build of its own, so that editing the sources meanwhile does not rebuild it
iterations=10
step=1.5

# The same pixels for both: a center crop of a test photo, resized and written as PNG by torchvision.
"$python" - "$root/tests/DeepDream.Tests/Photos/chelsea.png" "$work" <<'PY'
import sys, torchvision
from torchvision.transforms import functional as F
photo = torchvision.io.read_image(sys.argv[1], torchvision.io.ImageReadMode.RGB)
square = F.center_crop(photo, min(photo.shape[1:]))
for size in (224, 512):
    torchvision.io.write_png(F.resize(square, [size, size], antialias=True), f'{sys.argv[2]}/photo{size}.png')
PY

field() { "$python" -c "import json, sys; r = json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }
seconds_per_iteration() {  # one 512x512 octave of 4 steps minus one of 1: the steps alone, without building sessions
  local one four
  one=$("$deepdream" dream "$work/photo512.png" --model "$1" -o "$work/timing.png" --octaves 1 --jitter 0 --iterations 1 --seed 1 --quiet --json | field 'r["octaves"][0]["seconds"]') || return 1
  four=$("$deepdream" dream "$work/photo512.png" --model "$1" -o "$work/timing.png" --octaves 1 --jitter 0 --iterations 4 --seed 1 --quiet --json | field 'r["octaves"][0]["seconds"]') || return 1
  echo "($four - $one) / 3" | bc -l
}

echo "| architecture | opset | models check | default layer | ours: before → after | PyTorch: before → after | agree | notes |"
echo "| --- | ---: | --- | --- | ---: | ---: | --- | --- |"
for opset in "${opsets[@]}"; do
  for name in "${architectures[@]}"; do
    file="$work/$name-$opset.onnx"
    [ -f "$file" ] || (cd "$here" && "$python" export.py "$name" "$opset" "$work" > /dev/null 2>&1) \
      || { echo "| $name | $opset | not exported | | | | | torch.onnx.export failed |"; continue; }
    if report=$("$deepdream" models check "$file" --json 2> "$work/check.err"); then verdict=passed; else verdict=FAILED; fi
    # The first failing layer's reason, and how many layers were flat or checked at the file's own size.
    notes=$(echo "$report" | "$python" -c 'import json, sys
r = json.load(sys.stdin)
failed = [c for c in r["checks"] if not c["passed"]]
notes = []
if r["unsupportedOps"]: notes.append("no gradient for " + ", ".join(r["unsupportedOps"]))
if failed: notes.append((failed[0]["error"] or "relative error %.1e" % failed[0]["relativeError"]).split(";")[0][:120])
flat = sum(c["flat"] for c in r["checks"])
if flat: notes.append("%d checked layer(s) flat at random weights" % flat)
own = sum(1 for c in r["checks"] if c["size"] and c["size"] != r["size"])
if own: notes.append("%d checked layer(s) only at the file'"'"'s own size" % own)
print("; ".join(notes))' 2> /dev/null || head -c 200 "$work/check.err" | tr '\n|' '  ')
    dream=$("$deepdream" dream "$work/photo224.png" --model "$file" -o "$work/$name-$opset.png" --octaves 1 --jitter 0 \
      --iterations $iterations --step $step --seed 1 --quiet --json 2> "$work/dream.err") \
      || { echo "| $name | $opset | $verdict | | does not dream | | | $notes; $(head -c 200 "$work/dream.err" | tr '\n|' '  ') |"; continue; }
    layer=$(echo "$dream" | field 'r["layer"]')
    ours=($(echo "$dream" | field '"%s %s" % (r["objective"]["input"], r["objective"]["output"])'))
    [ "$opset" = "${opsets[0]}" ] && echo "$name $layer" >> "$work/timed"
    peer=$(cd "$here" && "$python" ascent.py "$name" "$layer" "$work/photo224.png" $iterations $step 2> "$work/peer.err") \
      || { echo "| $name | $opset | $verdict | \`$layer\` | ${ours[0]} → ${ours[1]} | PyTorch failed | | $notes; $(tail -c 150 "$work/peer.err" | tr '\n|' '  ') |"; continue; }
    theirs=($(echo "$peer" | field '"%s %s" % (r["before"], r["after"])'))
    # Agreement: the objective rose as far as PyTorch's (within 10% of its rise), or stayed as flat (both under 1%).
    agree=$("$python" -c 'import sys
b, a, tb, ta = map(float, sys.argv[1:])
rise, theirs = a - b, ta - tb
flat = abs(rise) < 0.01 * abs(b) and abs(theirs) < 0.01 * abs(tb)
print("flat in both" if flat else "yes" if abs(rise - theirs) <= 0.1 * abs(theirs) else "NO")' "${ours[0]}" "${ours[1]}" "${theirs[0]}" "${theirs[1]}")
    printf '| %s | %s | %s | `%s` | %.4g → %.4g | %.4g → %.4g | %s | %s |\n' "$name" "$opset" "$verdict" "$layer" \
      "${ours[0]}" "${ours[1]}" "${theirs[0]}" "${theirs[1]}" "$agree" "$notes"
  done
done

[ "${TIMING:-yes}" = no ] || [ ! -f "$work/timed" ] && exit 0
echo
echo "| architecture | opset | layer | s/iteration 512² ours | PyTorch | PyTorch / ours |"
echo "| --- | ---: | --- | ---: | ---: | ---: |"
while read -r name layer; do
  file="$work/$name-${opsets[0]}.onnx"
  ours=$(seconds_per_iteration "$file" 2> /dev/null) || { echo "| $name | ${opsets[0]} | \`$layer\` | does not run at 512² | | |"; continue; }
  theirs=$(cd "$here" && "$python" ascent.py "$name" "$layer" "$work/photo224.png" 0 $step 512 2> /dev/null | field 'r["secondsPerIteration"]') \
    || { echo "| $name | ${opsets[0]} | \`$layer\` | $(printf '%.2f' "$ours") | PyTorch failed | |"; continue; }
  printf '| %s | %s | `%s` | %.2f | %.2f | %.1f |\n' "$name" "${opsets[0]}" "$layer" "$ours" "$theirs" "$(echo "$theirs / $ours" | bc -l)"
done < "$work/timed"
rm -f "$work/timed"
