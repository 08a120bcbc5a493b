#!/bin/sh
# Loads the SBC's active bans into the kernel, so banned sources are dropped before they reach
# any socket. Run it every minute (sbc-bans.timer) on the SBC host, as root.
#
#   SBC_ADMIN             the admin listener (default http://127.0.0.1:8080)
#   SBC_ADMIN_TOKEN_FILE  a file holding a read token alone on its first line, when the SBC has
#                         admin.tokens_file (as for ./sbc bans); sent as a header from a file,
#                         never as an argument, so it does not show in ps
#   NFT                   the nft binary (default nft)
#
# What it loads, in one nft transaction (all or nothing): table inet sbc with the sets banned4,
# banned6 (the bans) and exempt4, exempt6 (security.trusted and security.allow, which outrank a
# ban in the kernel as they do in the SBC), and chain inet sbc input, which accepts the exempt
# and drops the banned. A failed download or a script nft refuses leaves the loaded sets as they
# were. Remove it all with: nft delete table inet sbc
set -eu
ADMIN=${SBC_ADMIN:-http://127.0.0.1:8080}
NFT=${NFT:-nft}
umask 077
script=$(mktemp)
headers=$(mktemp)
trap 'rm -f "$script" "$headers"' EXIT
if [ -n "${SBC_ADMIN_TOKEN_FILE:-}" ]; then
    token=$(head -n 1 "$SBC_ADMIN_TOKEN_FILE" | tr -d '\r\t ')
    printf 'Authorization: Bearer %s\n' "$token" >"$headers"
fi
curl -fsS --max-time 10 -H @"$headers" "$ADMIN/api/bans?format=nftables" -o "$script"
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
