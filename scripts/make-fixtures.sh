#!/usr/bin/env bash
# Rebuilds fixtures/: one signed, real-shaped delivery per platform, made with
# `hookscope sign --format capture` and then turned into the committed fixture by
# `hookscope fixture` (checked, machine headers dropped, named <platform>-<event>.json), and
# deliberately broken ones in fixtures/invalid/. The same script gives the same bytes every
# run: every delivery is signed at a fixed time, and a made capture's id comes from its content.
#
#   scripts/make-fixtures.sh            rewrite fixtures/
#   scripts/make-fixtures.sh --check    rebuild into a temporary directory and fail (exit 1),
#                                       showing the difference, if any byte differs (CI runs it)
#
# HOOKSCOPE_BIN names the binary to use (CI passes its debug build); without it, a release
# build is made. The secrets are in fixtures/secrets.txt and fixtures/README.md.
set -euo pipefail
# A relative HOOKSCOPE_BIN is taken from where the script was started.
if [ -n "${HOOKSCOPE_BIN:-}" ]; then
  case $HOOKSCOPE_BIN in /*) ;; *) HOOKSCOPE_BIN=$PWD/$HOOKSCOPE_BIN ;; esac
fi
cd "$(dirname "$0")/.."
export PYTHONUTF8=1 # the edits below read and write UTF-8 whatever the locale
command -v python3 >/dev/null || { echo "make-fixtures.sh needs python3 (for the edits of broken fixtures)" >&2; exit 2; }
check=false
case "${1:-}" in
  --check) check=true ;;
  "") ;;
  *) echo "usage: scripts/make-fixtures.sh [--check]" >&2; exit 2 ;;
esac
if [ -n "${HOOKSCOPE_BIN:-}" ]; then
  hs=$HOOKSCOPE_BIN
  [ -x "$hs" ] || { echo "HOOKSCOPE_BIN=$hs is not an executable" >&2; exit 2; }
else
  cargo build --quiet --release
  hs=target/release/hookscope
fi
ts=1767225600 # 2026-01-01T00:00:00Z: every fixture is signed at this time unless it says
now=$((ts + 60)) # the time the fixtures are checked at (CI's verify --now)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if $check; then out=$tmp/fixtures; else out=fixtures; fi
# The deliveries as sent, which `hookscope fixture` turns into fixtures in $out, named by
# their platform and event. A source is named as its fixture will be, and the order of their
# names decides which of two of one event is `-2`: so the first of two is named `-1` here
# (`standard-invoice-paid-1` becomes standard-invoice-paid.json), or `-2` would sort first. Those that carry the secret itself (Bitrix24's token, GitLab's, Graph's clientState) are written
# straight to $out: fixture refuses them, so that no real secret is ever committed.
src=$tmp/src
mkdir -p "$out/invalid" "$src"
rm -f "$out"/*.json "$out"/invalid/*.json

# Secrets, one per line, as verify --secret-file reads them.
bitrix=bitrix-fixture-secret
bitrix_token=4q7xk2m9p1w8z3n6b5v0c7r2t9y4u1e6
blue=blue-fixture-secret
bpium=bpium-fixture-secret
github=github-fixture-secret
stripe=whsec_hookscopeFixtureStripeSecret01
standard=whsec_aG9va3Njb3BlLWZpeHR1cmUtc3RhbmRhcmQ=
slack=8f742231b10e8888abcd99yyyzzz85a5
shopify=shopify-fixture-secret
# Private keys of the schemes that sign with one (sign takes them as secrets), and their public
# keys, which verify takes with --public-key-file. Each is made from a fixed phrase:
# discord and standard v1a seeds are sha256("hookscope fixture: discord" / "…: standard v1a"),
# sendgrid's P-256 scalar is sha256("hookscope fixture: sendgrid").
discord=672c9f5be6b3a98c507181513e58abd1aef371735fd6679ab1e5b1f857d17dbc
discord_public=250bc3a28e4724764f8670b9d3a5d75711bab4b6d32be9841b511d7d53737248
standard_v1a=whsk_/Vl5egF7FkH9ys6TdsRIZ52dNczKJtloYr0KL0VEkTE=
standard_v1a_public=whpk_ZFV0a0Q1TDthRX0I3Y3uFBLPWn55ShYYrGsRBZy8s08=
sendgrid=MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg+bQnfS0NL9nwrJ6sdK3v1yJtng9CEHD0HVPABnni9DmhRANCAASnVWxNKorlZeEtQYjaJKItObqGZ2UkIKN+t5U8tAsdKVLp7X615Z/xgys/dmBijR5js59zuM85noqyI45uAMUD
sendgrid_public=MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEp1VsTSqK5WXhLUGI2iSiLTm6hmdlJCCjfreVPLQLHSlS6e1+teWf8YMrP3ZgYo0eY7Ofc7jPOZ6KsiOObgDFAw==
printf '%s\n' "# Test secrets of the fixtures in this directory (see README.md). Never use them for real." \
  "$bitrix" "$bitrix_token" "$blue" "$bpium" "$github" "$stripe" "$standard" "$slack" "$shopify" \
  "# Private keys of the discord, standard v1a and sendgrid fixtures (for sign and replay --resign)." \
  "$discord" "$standard_v1a" "$sendgrid" >"$out/secrets.txt"
printf '%s\n' "# Public keys of the discord, standard v1a and sendgrid fixtures (see README.md), for --public-key-file." \
  "$discord_public" "$standard_v1a_public" "$sendgrid_public" >"$out/public-keys.txt"

# capture NAME SCHEME SECRET PATH BODYFILE [sign options…]: into $dest (default $src), signed
# at $ts unless the options give --timestamp.
dest=$src
capture() {
  local name=$1 scheme=$2 secret=$3 path=$4 body=$5
  shift 5
  local at=(--timestamp "$ts")
  case " $* " in *" --timestamp "*) at=() ;; esac
  "$hs" sign --scheme "$scheme" --secret "$secret" --body "$body" --format capture --path "$path" "${at[@]}" "$@" >"$dest/$name.json"
}

# Bitrix24's real outgoing webhook: a form body carrying the application token.
printf '%s' "event=ONCRMLEADADD&event_handler_id=17&data%5BFIELDS%5D%5BID%5D=134806&ts=$ts&auth%5Bdomain%5D=example.bitrix24.ru&auth%5Bclient_endpoint%5D=https%3A%2F%2Fexample.bitrix24.ru%2Frest%2F&auth%5Bserver_endpoint%5D=https%3A%2F%2Foauth.bitrix.info%2Frest%2F&auth%5Bmember_id%5D=a223c6b3710f85df22e9377d6c4f7553&auth%5Bapplication_token%5D=$bitrix_token" >"$tmp/bitrix-form.txt"
"$hs" sign --scheme hmac --header X-Unused --secret unused --body "$tmp/bitrix-form.txt" --format capture --path /hooks/bitrix --timestamp "$ts" \
  -H 'User-Agent: Bitrix24 Webhook Engine' | python3 -c '
import json, sys
c = json.load(sys.stdin)
c["headers"] = [h for h in c["headers"] if h[0] != "X-Unused"]
lines = json.dumps(c, indent=2, ensure_ascii=False)
sys.stdout.write(lines + "\n")' >"$out/bitrix-token-oncrmleadadd.json"

# Bitrix24 events re-signed by an integration (X-Bitrix-Signature).
printf '%s' '{"event":"ONCRMDEALADD","data":{"FIELDS":{"ID":"5821"}},"ts":"1767225600","auth":{"domain":"example.bitrix24.ru","member_id":"a223c6b3710f85df22e9377d6c4f7553"}}' >"$tmp/bitrix.json"
capture bitrix-oncrmdealadd bitrix "$bitrix" /hooks/bitrix "$tmp/bitrix.json" -H 'User-Agent: b24-relay/1.4'

# Blue TODO_CREATED, shaped after Blue's own example.
printf '%s' '{"event":"TODO_CREATED","webhook":{"id":"clb4qaopy0000vt24mlp28v03","uid":"edb5b5d51dc9461a952160dbe72153b4","name":"Testing webhook","status":"HEALTHY","enabled":true},"currentValue":{"id":"clb4zna6x0000vt1swuwso25f","uid":"11021cb836f34732b31e5ebd5dd5eb27","title":"GGGG","position":"32767.5","archived":false,"done":false,"createdAt":"2022-12-01T11:23:09.000Z","todoListId":"clakt9v5t000kvt64f563l90l"}}' >"$tmp/blue.json"
capture blue-todo-created blue "$blue" /hooks/blue "$tmp/blue.json" -H 'User-Agent: Blue-Webhooks/1.0'

# Bpium: a request (record.before.deleted), an action (record.updating), a notification.
printf '%s' '{"timestamp":"1767225600","hook":{"id":"3","event":"record.before.deleted","sequenceId":41},"payload":{"catalogId":"12","recordId":"873","values":{"2":"Order #873","5":[{"catalogId":"7","recordId":"15"}]},"prevValues":{}},"user":{"id":"4"}}' >"$tmp/bpium-before-deleted.json"
capture bpium-record-before-deleted bpium "$bpium" /hooks/bpium "$tmp/bpium-before-deleted.json"
printf '%s' '{"timestamp":"1767225601","hook":{"id":"3","event":"record.updating","sequenceId":42},"payload":{"catalogId":"12","recordId":"873","values":{"2":"Order #873","3":"42"},"prevValues":{"3":"40"}},"user":{"id":"4"}}' >"$tmp/bpium-updating.json"
capture bpium-record-updating bpium "$bpium" /hooks/bpium "$tmp/bpium-updating.json"
printf '%s' '{"timestamp":"1767225602","hook":{"id":"3","event":"record.created","sequenceId":43},"payload":{"catalogId":"12","recordId":"874","values":{"2":"Order #874"},"prevValues":{}},"user":{"id":"4"}}' >"$tmp/bpium-created.json"
capture bpium-record-created bpium "$bpium" /hooks/bpium "$tmp/bpium-created.json"

# GitHub push.
printf '%s' '{"ref":"refs/heads/main","before":"6113728f27ae82c7b1a177c8d03f9e96e0adf246","after":"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c","repository":{"id":1296269,"name":"Hello-World","full_name":"octocat/Hello-World","private":false},"pusher":{"name":"octocat","email":"octocat@github.com"},"head_commit":{"id":"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c","message":"Fix all the bugs","timestamp":"2026-01-01T00:00:00Z"}}' >"$tmp/github.json"
capture github-push github "$github" /hooks/github "$tmp/github.json" \
  -H 'User-Agent: GitHub-Hookshot/f2e1b2c' -H 'X-GitHub-Event: push' \
  -H 'X-GitHub-Delivery: 72d3162e-cc78-11e3-81ab-4c9367dc0958' -H 'X-GitHub-Hook-ID: 292430182'

# Stripe payment_intent.succeeded, pretty-printed as Stripe sends it.
cat >"$tmp/stripe.json" <<'JSON'
{
  "id": "evt_3QhookscopeFixture01",
  "object": "event",
  "api_version": "2024-06-20",
  "created": 1767225600,
  "data": {
    "object": {
      "id": "pi_3QhookscopeFixture01",
      "object": "payment_intent",
      "amount": 2000,
      "currency": "usd",
      "status": "succeeded"
    }
  },
  "livemode": false,
  "type": "payment_intent.succeeded"
}
JSON
capture stripe-payment-intent-succeeded stripe "$stripe" /hooks/stripe "$tmp/stripe.json" --timestamp "$ts" \
  -H 'User-Agent: Stripe/1.0 (+https://stripe.com/docs/webhooks)'

# Standard Webhooks invoice.paid.
printf '%s' '{"type":"invoice.paid","timestamp":"2026-01-01T00:00:00Z","data":{"invoice_id":"inv_2Zx8","amount":4900,"currency":"eur"}}' >"$tmp/standard.json"
capture standard-invoice-paid-1 standard "$standard" /hooks/standard "$tmp/standard.json" --timestamp "$ts" --id msg_2ZxhookscopeFixture

# Slack slash command (form body).
printf '%s' 'token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T0001&team_domain=example&channel_id=C2147483705&channel_name=test&user_id=U2147483697&user_name=Steve&command=%2Fweather&text=94070&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1234%2F5678&trigger_id=13345224609.738474920.8088930838d88f008e0' >"$tmp/slack.txt"
capture slack-weather slack "$slack" /hooks/slack "$tmp/slack.txt" --timestamp "$ts" -H 'User-Agent: Slackbot 1.0 (+https://api.slack.com/robots)'

# Shopify orders/create.
printf '%s' '{"id":820982911946154508,"email":"jon@example.com","created_at":"2026-01-01T00:00:00-05:00","total_price":"598.94","currency":"USD","line_items":[{"id":866550311766439020,"title":"IPod Nano - 8GB","quantity":1,"price":"199.00"}]}' >"$tmp/shopify.json"
capture shopify-orders-create shopify "$shopify" /hooks/shopify "$tmp/shopify.json" \
  -H 'X-Shopify-Topic: orders/create' -H 'X-Shopify-Shop-Domain: example.myshopify.com' \
  -H 'X-Shopify-API-Version: 2025-10' -H 'X-Shopify-Webhook-Id: b54557e4-bdd9-4b37-8a5f-bf7d70bcd043'

# The platforms added after the first nine: one real-shaped delivery each.
gitlab=gitlab-fixture-token
bitbucket=bitbucket-fixture-secret
meta=meta-fixture-app-secret
intercom=intercom-fixture-client-secret
x=x-fixture-consumer-secret
asana=b537207f20cbfa02357cf448134da559e8bd39d61597dcd5631b8012eae53e81
twitch=twitch-fixture-secret
zoom=zoom-fixture-secret-token
linear=lin_wh_fixture_secret
calendly=calendly-fixture-signing-key
paddle=pdl_ntfset_01hookscopefixture_Zm9vYmFyYmF6cXV4
typeform=typeform-fixture-secret
woocommerce=woocommerce-fixture-secret
dropbox=dropbox-fixture-app-secret
more_secrets=("$gitlab" "$bitbucket" "$meta" "$intercom" "$x" "$asana" "$twitch" "$zoom" "$linear" "$calendly" "$paddle" "$typeform" "$woocommerce" "$dropbox")
printf '%s\n' "${more_secrets[@]}" >>"$out/secrets.txt"

# GitLab sends its token itself, so there is nothing to sign: the capture is made as the
# Bitrix24 one is.
printf '%s' '{"object_kind":"push","event_name":"push","ref":"refs/heads/main","checkout_sha":"da1560886d4f094c3e6c9ef40349f7d38b5d27d7","project":{"id":15,"path_with_namespace":"mike/diaspora"},"total_commits_count":1}' >"$tmp/gitlab.json"
"$hs" sign --scheme hmac --header X-Unused --secret unused --body "$tmp/gitlab.json" --format capture --path /hooks/gitlab --timestamp "$ts" \
  -H 'X-Gitlab-Event: Push Hook' -H "X-Gitlab-Token: $gitlab" -H 'Idempotency-Key: 5f4e1c2a-9d7b-4e3f-8a61-0c2b9d4e7f10' \
  -H 'User-Agent: GitLab/17.0.0' | python3 -c '
import json, sys
c = json.load(sys.stdin)
c["headers"] = [h for h in c["headers"] if h[0] != "X-Unused"]
sys.stdout.write(json.dumps(c, indent=2, ensure_ascii=False) + "\n")' >"$out/gitlab-push.json"

printf '%s' '{"push":{"changes":[{"new":{"type":"branch","name":"main"}}]},"repository":{"full_name":"team/repo","type":"repository"},"actor":{"display_name":"Jo"}}' >"$tmp/bitbucket.json"
capture bitbucket-repo-push bitbucket "$bitbucket" /hooks/bitbucket "$tmp/bitbucket.json" \
  -H 'X-Event-Key: repo:push' -H 'X-Request-UUID: 3c1f0d6e-1b7a-4f0e-9d2c-5a8b7e6f4d31' -H 'User-Agent: Bitbucket-Webhooks/2.0'

printf '%s' '{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"messages":[{"from":"16505551234","id":"wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=","timestamp":"1767225600","text":{"body":"Hello"},"type":"text"}]}}]}]}' >"$tmp/meta.json"
capture meta-whatsapp-business-account-messages meta "$meta" /hooks/meta "$tmp/meta.json" -H 'User-Agent: facebookexternalua'

printf '%s' '{"type":"notification_event","app_id":"ab12cd34","id":"notif_1a2b3c4d-0000-4000-8000-000000000001","topic":"conversation.user.created","data":{"item":{"type":"conversation","id":"147"}},"created_at":1767225600}' >"$tmp/intercom.json"
capture intercom-conversation-user-created intercom "$intercom" /hooks/intercom "$tmp/intercom.json" -H 'User-Agent: intercom-parrot-service-rack'

printf '%s' '{"for_user_id":"2244994945","tweet_create_events":[{"id_str":"1740000000000000000","text":"Hello from hookscope","user":{"id_str":"2244994945","screen_name":"XDevelopers"}}]}' >"$tmp/x.json"
capture x-tweet-create-events x "$x" /hooks/x "$tmp/x.json"

printf '%s' '{"events":[{"user":{"gid":"1234","resource_type":"user"},"created_at":"2026-01-01T00:00:00.000Z","action":"changed","resource":{"gid":"8675309","resource_type":"task"},"parent":null,"change":{"field":"name","action":"changed"}}]}' >"$tmp/asana.json"
capture asana-task-changed asana "$asana" /hooks/asana "$tmp/asana.json"

printf '%s' '{"subscription":{"id":"f1c2a387-161a-49f9-a165-0f21d7a4e1c4","type":"channel.follow","version":"2","status":"enabled","cost":0,"condition":{"broadcaster_user_id":"1337"},"transport":{"method":"webhook","callback":"https://example.com/hooks/twitch"},"created_at":"2026-01-01T00:00:00Z"},"event":{"user_id":"1234","user_login":"cool_user","broadcaster_user_id":"1337","followed_at":"2026-01-01T00:00:00Z"}}' >"$tmp/twitch.json"
capture twitch-channel-follow twitch "$twitch" /hooks/twitch "$tmp/twitch.json" --timestamp "$ts" --id 7d4c39a4-10b3-4166-b1fb-56130d1f693b \
  -H 'Twitch-Eventsub-Message-Type: notification' -H 'Twitch-Eventsub-Subscription-Type: channel.follow' -H 'Twitch-Eventsub-Subscription-Version: 2'

printf '%s' '{"event":"meeting.started","event_ts":1767225600000,"payload":{"account_id":"AAAAAABBBB","object":{"id":"1234567890","uuid":"4444AAAiAAAAAiAiAiiAii==","topic":"Standup","start_time":"2026-01-01T00:00:00Z"}}}' >"$tmp/zoom.json"
capture zoom-meeting-started zoom "$zoom" /hooks/zoom "$tmp/zoom.json" --timestamp "$ts"

printf '%s' '{"action":"create","type":"Issue","data":{"id":"2174add1-f7c8-44e3-bbf3-2d60b5ea8bc9","title":"Fix all the bugs","team":{"key":"ENG"}},"url":"https://linear.app/example/issue/ENG-1","createdAt":"2026-01-01T00:00:00.000Z","webhookTimestamp":1767225600000}' >"$tmp/linear.json"
capture linear-issue-create linear "$linear" /hooks/linear "$tmp/linear.json" -H 'Linear-Delivery: 234d1a4e-b617-4388-90fe-adc3633d6b72' -H 'Linear-Event: Issue'

printf '%s' '{"event":"invitee.created","created_at":"2026-01-01T00:00:00.000000Z","created_by":"https://api.calendly.com/users/AAAAAAAAAAAAAAAA","payload":{"email":"test@example.com","name":"John Doe","status":"active"}}' >"$tmp/calendly.json"
capture calendly-invitee-created calendly "$calendly" /hooks/calendly "$tmp/calendly.json" --timestamp "$ts"

# Paddle allows 5 s: signed 2 s before the time the fixtures are checked at.
printf '%s' '{"event_id":"evt_01hookscopefixture0000000001","event_type":"transaction.completed","occurred_at":"2026-01-01T00:00:58.000000Z","notification_id":"ntf_01hookscopefixture000000001","data":{"id":"txn_01hookscopefixture00000001","status":"completed","currency_code":"USD"}}' >"$tmp/paddle.json"
capture paddle-transaction-completed paddle "$paddle" /hooks/paddle "$tmp/paddle.json" --timestamp $((ts + 58))

printf '%s' '{"event_id":"01JGFIXTURE0000000000000000","event_type":"form_response","form_response":{"form_id":"lT4Z3j","token":"a3a12ec67a1365927098a606107fac15","submitted_at":"2026-01-01T00:00:00Z","answers":[{"type":"text","text":"Hello","field":{"id":"JwWggjAKtOkA","type":"short_text"}}]}}' >"$tmp/typeform.json"
capture typeform-form-response typeform "$typeform" /hooks/typeform "$tmp/typeform.json" -H 'User-Agent: Typeform Webhooks'

printf '%s' '{"id":727,"status":"processing","currency":"USD","total":"29.35","billing":{"first_name":"John","last_name":"Doe"},"date_created":"2026-01-01T00:00:00"}' >"$tmp/woocommerce.json"
capture woocommerce-order-created woocommerce "$woocommerce" /hooks/woocommerce "$tmp/woocommerce.json" \
  -H 'X-WC-Webhook-Topic: order.created' -H 'X-WC-Webhook-Resource: order' -H 'X-WC-Webhook-Event: created' \
  -H 'X-WC-Webhook-ID: 4' -H 'X-WC-Webhook-Delivery-ID: 3b2a1c9d8e7f' -H 'User-Agent: WooCommerce/9.0.0 Hookshot (WordPress/6.5)'

printf '%s' '{"list_folder": {"accounts": ["dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc"]}, "delta": {"users": [12345678]}}' >"$tmp/dropbox.json"
capture dropbox-list-folder dropbox "$dropbox" /hooks/dropbox "$tmp/dropbox.json" -H 'User-Agent: DropboxWebhooks/1.0'

# Platforms whose proof is in the body: nothing to sign as a header, so the body is made
# here and the capture as the Bitrix24 one is.
msgraph=msgraph-fixture-client-state
mailgun=key-hookscopefixturemailgunsigningkey
printf '%s\n' "$msgraph" "$mailgun" >>"$out/secrets.txt"
# unsigned_capture NAME PATH BODYFILE [-H …]: a capture of BODYFILE with those headers only.
unsigned_capture() {
  local name=$1 path=$2 body=$3
  shift 3
  "$hs" sign --scheme hmac --header X-Unused --secret unused --body "$body" --format capture --path "$path" --timestamp "$ts" "$@" | python3 -c '
import json, sys
c = json.load(sys.stdin)
c["headers"] = [h for h in c["headers"] if h[0] != "X-Unused"]
sys.stdout.write(json.dumps(c, indent=2, ensure_ascii=False) + "\n")' >"$dest/$name.json"
}
printf '%s' "{\"value\":[{\"subscriptionId\":\"7f105c7d-2dc5-4530-97cd-4e7ae6534c07\",\"subscriptionExpirationDateTime\":\"2026-01-02T00:00:00Z\",\"changeType\":\"created\",\"resource\":\"Users/00000000-0000-0000-0000-000000000000/Messages/AAMk\",\"clientState\":\"$msgraph\",\"tenantId\":\"84bd8158-6d4d-4958-8b9f-9d6445542f95\",\"resourceData\":{\"@odata.type\":\"#Microsoft.Graph.Message\",\"id\":\"AAMk\"}}]}" >"$tmp/msgraph.json"
dest=$out unsigned_capture msgraph-message-created /hooks/graph "$tmp/msgraph.json"
python3 -c '
import hmac, hashlib, json, sys
key, ts, token = sys.argv[1], "1767225600", "5egbgr1vjgqxtrnp65xfznchgdccwh5d6i09vijqi3whgowmn6"
sig = hmac.new(key.encode(), (ts + token).encode(), hashlib.sha256).hexdigest()
body = {"signature": {"timestamp": ts, "token": token, "signature": sig},
        "event-data": {"event": "delivered", "id": "CPgfbmQMTCKtHW6uIWtuVe", "recipient": "alice@example.com"}}
sys.stdout.write(json.dumps(body, separators=(",", ":")))' "$mailgun" >"$tmp/mailgun.json"
unsigned_capture mailgun-delivered /hooks/mailgun "$tmp/mailgun.json" -H 'User-Agent: mailgun/treq-16.12.0'
# Signed with a private key: discord, Standard Webhooks v1a, SendGrid.
asymmetric_fixtures() {
  # A Discord slash command (an APPLICATION_COMMAND interaction, type 2).
  printf '%s' '{"app_permissions":"2248473465835073","application_id":"1310000000000000000","channel_id":"1310000000000000002","data":{"id":"1310000000000000003","name":"weather","options":[{"name":"city","type":3,"value":"Berlin"}],"type":1},"guild_id":"1310000000000000004","id":"1310000000000000001","member":{"user":{"global_name":"Octo","id":"1310000000000000005","username":"octo"}},"token":"aW50ZXJhY3Rpb246MTMxMDAwMDAwMDAwMDAwMDAwMTpmaXh0dXJl","type":2,"version":1}' >"$tmp/discord.json"
  capture discord-application-command discord "$discord" /hooks/discord "$tmp/discord.json" --timestamp "$ts" \
    -H 'User-Agent: Discord-Interactions/1.0 (+https://discord.com)'
  # Standard Webhooks invoice.paid again, signed with the asymmetric v1a form.
  capture standard-invoice-paid-2 standard "$standard_v1a" /hooks/standard "$tmp/standard.json" --timestamp "$ts" --id msg_2ZxhookscopeFixtureV1a
  # SendGrid: a batch of two events, CRLF between them and after, as SendGrid sends it.
  printf '%s\r\n%s\r\n' '[{"email":"jon@example.com","event":"delivered","ip":"168.1.1.1","response":"250 OK","sg_event_id":"ZGVsaXZlcmVkLTAtZml4dHVyZQ","sg_message_id":"14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0","smtp-id":"<14c5d75ce93.dfd.64b469@ismtpd-555>","timestamp":1767225590},' \
    '{"email":"jon@example.com","event":"open","ip":"255.255.255.255","sg_event_id":"b3Blbi0wLWZpeHR1cmU","sg_message_id":"14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0","timestamp":1767225595,"useragent":"Mozilla/5.0"}]' >"$tmp/sendgrid.json"
  capture sendgrid-delivered-open sendgrid "$sendgrid" /hooks/sendgrid "$tmp/sendgrid.json" --timestamp "$ts" \
    -H 'User-Agent: SendGrid Event API'
}
asymmetric_fixtures

# Platforms that sign the URL they call: signed for https://fixtures.hookscope.example, the
# --public-url the fixtures are checked with.
public_url=https://fixtures.hookscope.example
twilio=twilio-fixture-auth-token
square=square-fixture-signature-key
hubspot=hubspot-fixture-client-secret
printf '%s\n' "$twilio" "$square" "$hubspot" >>"$out/secrets.txt"
printf '%s' 'ToCountry=US&ToState=CA&SmsMessageSid=SM1f0e8ae6ade43cb3c0ce4525424e404f&NumMedia=0&SmsSid=SM1f0e8ae6ade43cb3c0ce4525424e404f&SmsStatus=received&Body=Hello+from+hookscope&To=%2B15558675310&From=%2B15017122661&MessageSid=SM1f0e8ae6ade43cb3c0ce4525424e404f&AccountSid=ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX&ApiVersion=2010-04-01' >"$tmp/twilio.txt"
capture twilio-received twilio "$twilio" /hooks/twilio "$tmp/twilio.txt" --public-url "$public_url" \
  -H 'User-Agent: TwilioProxy/1.1' -H 'I-Twilio-Idempotency-Token: 5c7d8e3f-0a1b-4c2d-9e8f-7a6b5c4d3e2f'
printf '%s' '{"merchant_id":"MLEFBHHSJGVHD","type":"payment.created","event_id":"6a8f5f28-54a1-4eb0-a98a-3111513fd4fc","created_at":"2026-01-01T00:00:00.000Z","data":{"type":"payment","id":"KkAkhdMsgzn59SM8A89WgKwekxLZY","object":{"payment":{"id":"KkAkhdMsgzn59SM8A89WgKwekxLZY","status":"APPROVED","amount_money":{"amount":100,"currency":"USD"}}}}}' >"$tmp/square.json"
capture square-payment-created square "$square" /hooks/square "$tmp/square.json" --public-url "$public_url" -H 'User-Agent: Square Connect v2'
printf '%s' '[{"eventId":100,"subscriptionId":12345,"portalId":62515,"appId":54321,"occurredAt":1767225600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW"}]' >"$tmp/hubspot.json"
capture hubspot-contact-creation hubspot "$hubspot" /hooks/hubspot "$tmp/hubspot.json" --public-url "$public_url" --timestamp "$ts" -H 'User-Agent: HubSpot Connect 2.0 (http://dev.hubspot.com/)'

# ---- the fixtures: what `hookscope fixture` makes of the deliveries --------------------------
"$hs" fixture "$src" --out "$out" --secret-file "$out/secrets.txt" \
  --public-key-file "$out/public-keys.txt" --public-url "$public_url" --now "$now" >/dev/null

# ---- broken on purpose --------------------------------------------------------------------
bad=$out/invalid
dest=$out
# edit SRC DEST PYTHON: rewrites a capture (c) with a Python statement.
edit() {
  python3 -c "
import hashlib, json, os, sys
c = json.load(open(sys.argv[1]))
# Its own id: a broken copy sharing its original's would make replay --id find two.
c['id'] = c['id'][:24] + hashlib.sha256(os.path.basename(sys.argv[2]).encode()).hexdigest()[:12]
$3
sys.stdout.write(json.dumps(c, indent=2, ensure_ascii=False) + '\n')" "$1" "$2" >"$2"
}
edit "$out/github-push.json" "$bad/github-tampered-body.json" 'c["body"] = c["body"].replace("Fix all the bugs", "Fix all the bugs!")'
edit "$out/blue-todo-created.json" "$bad/blue-trailing-newline.json" 'c["body"] += "\n"'
capture invalid/bpium-wrong-secret bpium not-the-bpium-secret /hooks/bpium "$tmp/bpium-created.json"
capture invalid/stripe-expired stripe "$stripe" /hooks/stripe "$tmp/stripe.json" --timestamp $((ts - 3600))
edit "$out/shopify-orders-create.json" "$bad/shopify-missing-header.json" 'c["headers"] = [h for h in c["headers"] if h[0] != "X-Shopify-Hmac-Sha256"]'
# The Bitrix24 guide's own mistake: the sender signs JSON.stringify(body), then sends other bytes.
python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])), indent=4), end="")' "$tmp/bitrix.json" >"$tmp/bitrix-pretty.json"
capture invalid/bitrix-reserialised bitrix "$bitrix" /hooks/bitrix "$tmp/bitrix.json"
edit "$bad/bitrix-reserialised.json" "$bad/bitrix-reserialised.json.tmp" "c['body'] = open('$tmp/bitrix-pretty.json').read()"
mv "$bad/bitrix-reserialised.json.tmp" "$bad/bitrix-reserialised.json"
edit "$out/bitrix-token-oncrmleadadd.json" "$bad/bitrix-token-wrong-token.json" "c['body'] = c['body'].replace('$bitrix_token', 'wrong-application-token')"
edit "$out/standard-invoice-paid.json" "$bad/standard-v1a-only.json" 'c["headers"] = [[n, v.replace("v1,", "v1a,")] if n == "webhook-signature" else [n, v] for n, v in c["headers"]]'
if $check; then
  cp fixtures/README.md "$out/README.md"
  if ! diff -r fixtures "$out"; then
    echo "fixtures/ is not what scripts/make-fixtures.sh makes: run it and commit the result" >&2
    exit 1
  fi
  echo "fixtures/ is what scripts/make-fixtures.sh makes, byte for byte"
else
  echo "fixtures written to $out/"
fi
