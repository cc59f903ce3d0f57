#!/usr/bin/env python3
"""Writes a synthetic export of the old CPS system: N products spread over
N/10 accounts, with the gaps real data has (missing dates, retailers, unknown
models). Deterministic for a given N."""
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
out = sys.argv[2] if len(sys.argv) > 2 else "legacy.csv"
rng = random.Random(42)
models = ["EOS 5D Mark III", "EOS R5", "EF 40mm f/2.8 STM", "EOS-1D X Mark III", "RF 24-70mm F2.8 L IS USM", "Pellix QL"]
retailers = ["Foto AB", "Scandinavian Photo", "Cyberphoto", "Goecker", ""]
with open(out, "w", encoding="utf-8") as f:
    f.write("email,name,country,legacy_number,model,serial,purchase_date,purchase_country,retailer\n")
    accounts = max(1, n // 10)
    for i in range(n):
        a = i % accounts
        model = models[rng.randrange(len(models))]
        serial = f"{i:012d}" if rng.random() > 0.05 else ""
        date = f"20{rng.randrange(12, 25):02d}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}" if rng.random() > 0.2 else ""
        country = "SE" if rng.random() > 0.1 else ""
        f.write(f"old{a}@studio{a % 997}.se,Studio {a},SE,CPS-{100000 + a},{model},{serial},{date},{country},{retailers[rng.randrange(len(retailers))]}\n")
print(f"wrote {n} products over {accounts} accounts to {out}")
