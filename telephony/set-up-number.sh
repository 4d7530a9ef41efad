#!/usr/bin/env bash
# Points the Twilio phone number at Hotline through the Twilio REST API (IncomingPhoneNumbers update):
#   voice URL        POST $HOTLINE_PUBLIC_BASE_URL/telephony/twilio/voice
#   fallback URL     GET  $FALLBACK_URL            (where telephony/fallback.xml is served)
#   status callback  POST $HOTLINE_PUBLIC_BASE_URL/telephony/twilio/status
# and clears VoiceApplicationSid (a TwiML App would override the URLs).
#
# Needs: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_PHONE_NUMBER_SID, HOTLINE_PUBLIC_BASE_URL, FALLBACK_URL.
# Extra arguments go to the simulator's configure-number command, e.g. --fallback-method POST, or
# --api-base-url http://127.0.0.1:5081 to try it against the simulator's fake REST API (serve).
#
#   TWILIO_ACCOUNT_SID=AC… TWILIO_AUTH_TOKEN=… TWILIO_PHONE_NUMBER_SID=PN… \
#   HOTLINE_PUBLIC_BASE_URL=https://hotline.example.fr FALLBACK_URL=https://static.example.fr/fallback.xml \
#   telephony/set-up-number.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

missing=()
for variable in TWILIO_ACCOUNT_SID TWILIO_AUTH_TOKEN TWILIO_PHONE_NUMBER_SID HOTLINE_PUBLIC_BASE_URL FALLBACK_URL; do
  [[ -n "${!variable:-}" ]] || missing+=("$variable")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "set-up-number.sh: set ${missing[*]} (see the top of this script)." >&2
  exit 2
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
project=telephony/Hotline.Telephony.Simulator/Hotline.Telephony.Simulator.csproj
if ! build_log=$(dotnet build "$project" -c Release --nologo -v quiet -clp:ErrorsOnly 2>&1); then
  echo "$build_log" >&2
  exit 1
fi
exec dotnet "telephony/Hotline.Telephony.Simulator/bin/Release/net10.0/hotline-twilio-sim.dll" configure-number "$@"
