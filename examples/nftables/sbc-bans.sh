#!/bin/sh
# Loads the SBC's active bans into the kernel, so banned sources are dropped before they reach
# any socket. Run it every minute (sbc-bans.timer) on the SBC host, as root.
#
#   SBC_ADMIN  the admin listener (default http://127.0.0.1:8080)
#   NFT        the nft binary (default nft)
#
# What it loads, in one nft transaction (all or nothing): table inet sbc with the sets banned4,
# banned6 (the bans) and exempt4, exempt6 (security.trusted and security.allow, which outrank a
# ban in the kernel as they do in the SBC), and chain inet sbc input, which accepts the exempt
# and drops the banned. A failed download or a script nft refuses leaves the loaded sets as they
# were. Remove it all with: nft delete table inet sbc
set -eu
ADMIN=${SBC_ADMIN:-http://127.0.0.1:8080}
NFT=${NFT:-nft}
script=$(mktemp)
trap 'rm -f "$script"' EXIT
curl -fsS --max-time 10 "$ADMIN/api/bans?format=nftables" -o "$script"
cat >>"$script" <<'RULES'
add chain inet sbc input { type filter hook input priority -10; policy accept; }
flush chain inet sbc input
add rule inet sbc input ip saddr @exempt4 accept
add rule inet sbc input ip6 saddr @exempt6 accept
add rule inet sbc input ip saddr @banned4 counter drop
add rule inet sbc input ip6 saddr @banned6 counter drop
RULES
"$NFT" -c -f "$script"
"$NFT" -f "$script"
