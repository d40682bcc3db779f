# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_hookscope_global_optspecs
    string join \n color= h/help V/version
end

function __fish_hookscope_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_hookscope_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_hookscope_using_subcommand
    set -l cmd (__fish_hookscope_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c hookscope -n "__fish_hookscope_needs_command" -l color -d 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb' -r -f -a "auto\t'Colour when standard output is a terminal, NO_COLOR is unset and TERM is not dumb'
always\t''
never\t''"
complete -c hookscope -n "__fish_hookscope_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hookscope -n "__fish_hookscope_needs_command" -s V -l version -d 'Print version'
complete -c hookscope -n "__fish_hookscope_needs_command" -f -a "listen" -d 'Receive webhooks locally: check, show, store and answer each delivery'
complete -c hookscope -n "__fish_hookscope_needs_command" -f -a "verify" -d 'Check the signatures of saved deliveries and fixtures (exit 0 valid, 1 invalid, 2 error)'
complete -c hookscope -n "__fish_hookscope_needs_command" -f -a "sign" -d 'Make the signature headers for a payload: fixtures, hand-made requests'
complete -c hookscope -n "__fish_hookscope_needs_command" -f -a "fixture" -d 'Turn captures into fixtures fit to commit: checked, redacted, re-signed, stable names'
complete -c hookscope -n "__fish_hookscope_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c hookscope -n "__fish_hookscope_needs_command" -f -a "replay" -d 'Resend captured deliveries (or a hand-made one) to a URL, re-signing them when asked'
complete -c hookscope -n "__fish_hookscope_needs_command" -f -a "inspect" -d 'Browse the stored captures in a web page on this machine (the inspector), without receiving webhooks'
complete -c hookscope -n "__fish_hookscope_needs_command" -f -a "trigger" -d 'Send a platform\'s sample event, real-shaped and signed: --list shows them'
complete -c hookscope -n "__fish_hookscope_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l host -d 'The address to listen on. Only this machine can reach the default; see SECURITY.md before you widen it' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -s p -l port -d 'The port; 0 picks a free one (the first line printed says which)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l scheme -d 'The signature scheme (for paths no --config endpoint serves)' -r -f -a "auto\t'Pick the scheme from the headers present'
bitrix\t'Bitrix24 events re-signed by an integration: X-Bitrix-Signature, HMAC-SHA256 hex'
bitrix-token\t'Bitrix24 outgoing webhook: auth[application_token] in the form body'
blue\t'Blue: X-Signature, HMAC-SHA256 hex'
bpium\t'Bpium: X-Hook-Signature, HMAC-MD5 base64'
github\t'GitHub: X-Hub-Signature-256 (legacy X-Hub-Signature only when it is absent)'
stripe\t'Stripe: Stripe-Signature t=…,v1=…'
standard\t'Standard Webhooks and Svix: webhook-id/-timestamp/-signature (or svix-*), v1 or v1a (check v1a with --public-key)'
slack\t'Slack: X-Slack-Signature v0=… with X-Slack-Request-Timestamp'
shopify\t'Shopify: X-Shopify-Hmac-Sha256, HMAC-SHA256 base64'
gitlab\t'GitLab: X-Gitlab-Token, the secret token itself'
bitbucket\t'Bitbucket: X-Hub-Signature sha256=…, HMAC-SHA256 hex, with X-Event-Key'
meta\t'Meta (Facebook, Instagram, WhatsApp): X-Hub-Signature-256 sha256=…, HMAC-SHA256 hex'
intercom\t'Intercom: X-Hub-Signature sha1=…, HMAC-SHA1 hex'
x\t'X (Twitter): x-twitter-webhooks-signature sha256=…, HMAC-SHA256 base64'
asana\t'Asana: X-Hook-Signature, HMAC-SHA256 hex with the X-Hook-Secret of the handshake'
twitch\t'Twitch EventSub: Twitch-Eventsub-Message-Signature sha256=… over id + timestamp + body'
zoom\t'Zoom: x-zm-signature v0=… with x-zm-request-timestamp'
linear\t'Linear: Linear-Signature, HMAC-SHA256 hex; the body\'s webhookTimestamp'
calendly\t'Calendly: Calendly-Webhook-Signature t=…,v1=…'
paddle\t'Paddle Billing: Paddle-Signature ts=…;h1=…'
typeform\t'Typeform: Typeform-Signature sha256=…, HMAC-SHA256 base64'
woocommerce\t'WooCommerce: X-WC-Webhook-Signature, HMAC-SHA256 base64'
dropbox\t'Dropbox: X-Dropbox-Signature, HMAC-SHA256 hex with the app secret'
msgraph\t'Microsoft Graph change notifications: each value[].clientState is the secret'
mailgun\t'Mailgun: signature.{timestamp,token,signature} in the body; the body itself is not signed'
discord\t'Discord interactions and Webhook Events: X-Signature-Ed25519 (check with --public-key)'
sendgrid\t'Twilio SendGrid Event Webhook: X-Twilio-Email-Event-Webhook-Signature (check with --public-key)'
twilio\t'Twilio: X-Twilio-Signature over the URL and form parameters (needs --public-url)'
square\t'Square: x-square-hmacsha256-signature over the notification URL and body (needs --public-url)'
hubspot\t'HubSpot v3: X-HubSpot-Signature-v3 over method, URL, body and timestamp (needs --public-url)'
hmac\t'Any HMAC in a header you name (--header, --algorithm, --encoding, --prefix)'"
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l config -d 'Endpoints, schemes, secrets and rules from a TOML file (see the README). A path no endpoint serves is answered 404, unless a secret given here checks it' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l store -d 'Where to store captures [default: $XDG_STATE_HOME/hookscope/captures or ~/.local/state/hookscope/captures]. At start, the newest 10,000 captures of the last 24 h there are remembered, so a repeat or a Bpium gap across a restart is warned of' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l ui-port -d 'The inspector\'s port, on 127.0.0.1; 0 picks a free one' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l fixtures -d 'The directory the inspector\'s Save as fixture writes into (made if needed); without it, the page says how to turn Save as fixture on' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l resign-secret -d 'Re-sign with this secret instead of the sender\'s (its private key for discord, sendgrid, v1a): the receiver\'s, or a test one. Only a capture that a secret of the sender\'s verifies is re-signed (repeatable)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l resign-secret-env -d 'The environment variable holding that secret (repeatable)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l resign-secret-file -d 'A file of those secrets, one per line (repeatable)' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l max-requests -d 'Exit after this many deliveries (for CI): 0 if all were valid, 1 if not (a delivery refused unread, for its size, a stalled or cut-short body or its framing, counts, as not valid; a handshake answered does not count)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l format -d 'Output format' -r -f -a "human\t'A block per delivery: verdict, headers, decoded body, answer'
json\t'One JSON object per delivery per line'"
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l events -d 'Show and forward only deliveries whose event name matches one of these globs (repeatable, or comma-separated): \'*\' matches any run of characters, \'?\' one, and case is ignored (oncrm* matches ONCRMLEADADD). A delivery with no event name matches only \'*\'. The others are still checked, stored and answered, but as notifications (200 {"ok":true}: a Bpium record.before.* is not held for a rule, --decide or a question, and a record.updating gets no values); they print nothing, not even a --format json line, unless they are refused (a bad signature, not stored), they count toward --max-requests, and the summary says how many were left out. Handshakes are answered and shown whatever it says' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l max-body -d 'Refuse larger bodies with 413: bytes, or K/KB/KiB, M/MB/MiB, G/GB/GiB, all powers of 1024 (at most 1GiB)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l body-lines -d 'Show at most this many lines of a body, each cut at 500 characters (the capture keeps it all)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l decide -d 'How to answer request-type events (Bpium record.before.*) that no rule decides. With --ui, ask puts the question on the inspector\'s page too (record.updating as well, which takes field values there), and the first answer from either side is sent' -r -f -a "approve\t''
reject\t''
ask\t'Ask on the terminal (and the inspector\'s page, with --ui), with a deadline'"
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l reject-message -d 'The message a rejection shows the user of the sending platform' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l ask-timeout -d 'How long --decide ask waits for an answer, counted from the delivery\'s arrival (Bpium gives up after 10 s)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l ask-default -d 'The answer to a request when --ask-timeout passes (Bpium itself treats no answer as a rejection). A field action (record.updating, asked only with --ui) is left unchanged' -r -f -a "approve\t''
reject\t''"
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l forward-to -d 'Pass each delivery whose signature passed (or was not checked, or any with --accept-invalid) on to exactly this URL (the request\'s path and query are not added), byte-exact, and answer the sender with the app\'s answer. A delivery is stored before it is passed on' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l forward-timeout -d 'How long the --forward-to app may take before the sender gets a 504' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l verify-token-env -d 'The environment variable holding the verify token Meta\'s subscription check must carry (repeatable)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l verify-token-file -d 'A file of verify tokens, one per line (\'#\' starts a comment)' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l workers -d 'The most deliveries handled at once while they wait on the disk, the --forward-to app or a question; more wait their turn (a question\'s deadline still counts from arrival)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l max-connections -d 'The most connections open at once (fewer if the open-files limit is lower). Past it, the connection that has waited longest for a request is closed to make room, else the one whose body has been arriving longest; one with a delivery in hand never is, and with only those open, new connections wait their turn' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l max-header-size -d 'The most bytes of request line and headers together (8KiB to 1MiB); a larger head is answered 431 and the connection closed. At most 100 headers; a target over 8 KiB gets 414' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l header-timeout -d 'How long a connection may take to send a request\'s head (from connecting, or from its first byte on a kept-alive connection); then 408 and the connection is closed' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l idle-timeout -d 'How long a kept-alive connection may stay idle between requests before it is closed' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l body-timeout -d 'How long a body may make no progress; then 408, the connection is closed and nothing is stored' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l public-url -d 'The address the platform calls (the tunnel\'s), for schemes that sign the URL (twilio, square, hubspot): the request\'s path and query are added to it' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l secret -d 'A secret, as text (repeatable): the shared secret, or for sign and --resign of discord, sendgrid and standard v1a, the private key. Prefer --secret-env or --secret-file: other users can see command lines' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l secret-env -d 'Read a secret from this environment variable (repeatable)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l secret-file -d 'Read secrets from a file, one per line (a PEM block counts as one); \'#\' starts a comment (repeatable)' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l public-key -d 'A public key, as the platform shows it (repeatable): Discord\'s application key (hex), a Standard Webhooks whpk_… key, SendGrid\'s verification key (base64 DER or PEM). Public keys may be shown; sign takes the private key with --secret' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l public-key-env -d 'Read a public key from this environment variable (repeatable)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l public-key-file -d 'Read public keys from a file, one per line (a PEM block counts as one); \'#\' starts a comment (repeatable)' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l tolerance -d 'How far a signed timestamp may be from now (for fixture, from the capture\'s arrival) [default: the platform\'s own window: 300 s for stripe, standard, slack and hubspot, 600 s twitch, 180 s calendly, 60 s linear, 5 s paddle]' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l now -d 'Take this Unix time as now (old fixtures with their own clock)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l header -d 'The header that carries the signature (implies --scheme hmac)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l algorithm -d 'The MAC\'s hash' -r -f -a "sha1\t''
sha256\t''
sha512\t''
md5\t''"
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l encoding -d 'How the MAC is written' -r -f -a "hex\t''
base64\t''"
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l prefix -d 'Text before the encoded MAC, such as \'sha256=\'' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l color -d 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb' -r -f -a "auto\t'Colour when standard output is a terminal, NO_COLOR is unset and TERM is not dumb'
always\t''
never\t''"
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l no-store -d 'Do not store deliveries'
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l ui -d 'Also serve the inspector: a web page on 127.0.0.1 (whatever --host is) that lists the stored deliveries, new ones as they arrive, and shows each in full. Its URL, with a token fresh for this run, is printed at start'
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l no-fsync -d 'Answer without waiting for each capture to reach the disk. Storing is several times faster, but a power cut or a system crash can lose deliveries already answered 200 (a crash of hookscope still cannot)'
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -s q -l quiet -d 'Print nothing per delivery'
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l show-secrets -d 'Show credentials instead of masking them: Authorization, Cookie, headers and body fields named like a token, secret, password or API key (Bitrix24\'s application token among them)'
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l accept-invalid -d 'Answer deliveries with a bad signature as if valid (the failure is still shown)'
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l forward-handshakes -d 'Pass handshakes (Slack\'s url_verification, Meta\'s hub.challenge, X\'s CRC…) on to --forward-to too, instead of answering them here'
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -l no-tolerance -d 'Do not check timestamps at all (old fixtures)'
complete -c hookscope -n "__fish_hookscope_using_subcommand listen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hookscope -n "__fish_hookscope_using_subcommand verify" -l body -d 'Check this raw body instead of captures (\'-\' reads standard input)' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand verify" -s H -l request-header -d 'A header that came with --body, written as curl takes it: \'Name: value\' (repeatable)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand verify" -l path -d 'The path and query --body was sent to, added to --public-url for schemes that sign the URL (without it, --public-url is the whole URL)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand verify" -l scheme -d 'The signature scheme' -r -f -a "auto\t'Pick the scheme from the headers present'
bitrix\t'Bitrix24 events re-signed by an integration: X-Bitrix-Signature, HMAC-SHA256 hex'
bitrix-token\t'Bitrix24 outgoing webhook: auth[application_token] in the form body'
blue\t'Blue: X-Signature, HMAC-SHA256 hex'
bpium\t'Bpium: X-Hook-Signature, HMAC-MD5 base64'
github\t'GitHub: X-Hub-Signature-256 (legacy X-Hub-Signature only when it is absent)'
stripe\t'Stripe: Stripe-Signature t=…,v1=…'
standard\t'Standard Webhooks and Svix: webhook-id/-timestamp/-signature (or svix-*), v1 or v1a (check v1a with --public-key)'
slack\t'Slack: X-Slack-Signature v0=… with X-Slack-Request-Timestamp'
shopify\t'Shopify: X-Shopify-Hmac-Sha256, HMAC-SHA256 base64'
gitlab\t'GitLab: X-Gitlab-Token, the secret token itself'
bitbucket\t'Bitbucket: X-Hub-Signature sha256=…, HMAC-SHA256 hex, with X-Event-Key'
meta\t'Meta (Facebook, Instagram, WhatsApp): X-Hub-Signature-256 sha256=…, HMAC-SHA256 hex'
intercom\t'Intercom: X-Hub-Signature sha1=…, HMAC-SHA1 hex'
x\t'X (Twitter): x-twitter-webhooks-signature sha256=…, HMAC-SHA256 base64'
asana\t'Asana: X-Hook-Signature, HMAC-SHA256 hex with the X-Hook-Secret of the handshake'
twitch\t'Twitch EventSub: Twitch-Eventsub-Message-Signature sha256=… over id + timestamp + body'
zoom\t'Zoom: x-zm-signature v0=… with x-zm-request-timestamp'
linear\t'Linear: Linear-Signature, HMAC-SHA256 hex; the body\'s webhookTimestamp'
calendly\t'Calendly: Calendly-Webhook-Signature t=…,v1=…'
paddle\t'Paddle Billing: Paddle-Signature ts=…;h1=…'
typeform\t'Typeform: Typeform-Signature sha256=…, HMAC-SHA256 base64'
woocommerce\t'WooCommerce: X-WC-Webhook-Signature, HMAC-SHA256 base64'
dropbox\t'Dropbox: X-Dropbox-Signature, HMAC-SHA256 hex with the app secret'
msgraph\t'Microsoft Graph change notifications: each value[].clientState is the secret'
mailgun\t'Mailgun: signature.{timestamp,token,signature} in the body; the body itself is not signed'
discord\t'Discord interactions and Webhook Events: X-Signature-Ed25519 (check with --public-key)'
sendgrid\t'Twilio SendGrid Event Webhook: X-Twilio-Email-Event-Webhook-Signature (check with --public-key)'
twilio\t'Twilio: X-Twilio-Signature over the URL and form parameters (needs --public-url)'
square\t'Square: x-square-hmacsha256-signature over the notification URL and body (needs --public-url)'
hubspot\t'HubSpot v3: X-HubSpot-Signature-v3 over method, URL, body and timestamp (needs --public-url)'
hmac\t'Any HMAC in a header you name (--header, --algorithm, --encoding, --prefix)'"
complete -c hookscope -n "__fish_hookscope_using_subcommand verify" -l format -d 'Output format' -r -f -a "human\t'A line per delivery: ✔/✘, path, scheme, event, reason'
json\t'One JSON object per line: path, scheme, event, valid, code, reason'
junit\t'JUnit XML, a test case per delivery with the reason in its failure (GitLab, Jenkins and GitHub test reporters read it)'
github\t'GitHub Actions annotations: an ::error line per invalid or unreadable capture, marked on the file in a pull request'"
complete -c hookscope -n "__fish_hookscope_using_subcommand verify" -l config -d 'Take each capture\'s scheme and secret from the endpoint that serves its path' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand verify" -l public-url -d 'The address the platform calls (the tunnel\'s), for schemes that sign the URL (twilio, square, hubspot): the request\'s path and query are added to it' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand verify" -l secret -d 'A secret, as text (repeatable): the shared secret, or for sign and --resign of discord, sendgrid and standard v1a, the private key. Prefer --secret-env or --secret-file: other users can see command lines' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand verify" -l secret-env -d 'Read a secret from this environment variable (repeatable)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand verify" -l secret-file -d 'Read secrets from a file, one per line (a PEM block counts as one); \'#\' starts a comment (repeatable)' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand verify" -l public-key -d 'A public key, as the platform shows it (repeatable): Discord\'s application key (hex), a Standard Webhooks whpk_… key, SendGrid\'s verification key (base64 DER or PEM). Public keys may be shown; sign takes the private key with --secret' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand verify" -l public-key-env -d 'Read a public key from this environment variable (repeatable)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand verify" -l public-key-file -d 'Read public keys from a file, one per line (a PEM block counts as one); \'#\' starts a comment (repeatable)' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand verify" -l tolerance -d 'How far a signed timestamp may be from now (for fixture, from the capture\'s arrival) [default: the platform\'s own window: 300 s for stripe, standard, slack and hubspot, 600 s twitch, 180 s calendly, 60 s linear, 5 s paddle]' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand verify" -l now -d 'Take this Unix time as now (old fixtures with their own clock)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand verify" -l header -d 'The header that carries the signature (implies --scheme hmac)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand verify" -l algorithm -d 'The MAC\'s hash' -r -f -a "sha1\t''
sha256\t''
sha512\t''
md5\t''"
complete -c hookscope -n "__fish_hookscope_using_subcommand verify" -l encoding -d 'How the MAC is written' -r -f -a "hex\t''
base64\t''"
complete -c hookscope -n "__fish_hookscope_using_subcommand verify" -l prefix -d 'Text before the encoded MAC, such as \'sha256=\'' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand verify" -l color -d 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb' -r -f -a "auto\t'Colour when standard output is a terminal, NO_COLOR is unset and TERM is not dumb'
always\t''
never\t''"
complete -c hookscope -n "__fish_hookscope_using_subcommand verify" -l no-tolerance -d 'Do not check timestamps at all (old fixtures)'
complete -c hookscope -n "__fish_hookscope_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hookscope -n "__fish_hookscope_using_subcommand sign" -l scheme -d 'The signature scheme' -r -f -a "bitrix\t'Bitrix24 events re-signed by an integration: X-Bitrix-Signature, HMAC-SHA256 hex'
bitrix-token\t'Bitrix24 outgoing webhook: auth[application_token] in the form body'
blue\t'Blue: X-Signature, HMAC-SHA256 hex'
bpium\t'Bpium: X-Hook-Signature, HMAC-MD5 base64'
github\t'GitHub: X-Hub-Signature-256 (legacy X-Hub-Signature only when it is absent)'
stripe\t'Stripe: Stripe-Signature t=…,v1=…'
standard\t'Standard Webhooks and Svix: webhook-id/-timestamp/-signature (or svix-*), v1 or v1a (check v1a with --public-key)'
slack\t'Slack: X-Slack-Signature v0=… with X-Slack-Request-Timestamp'
shopify\t'Shopify: X-Shopify-Hmac-Sha256, HMAC-SHA256 base64'
gitlab\t'GitLab: X-Gitlab-Token, the secret token itself'
bitbucket\t'Bitbucket: X-Hub-Signature sha256=…, HMAC-SHA256 hex, with X-Event-Key'
meta\t'Meta (Facebook, Instagram, WhatsApp): X-Hub-Signature-256 sha256=…, HMAC-SHA256 hex'
intercom\t'Intercom: X-Hub-Signature sha1=…, HMAC-SHA1 hex'
x\t'X (Twitter): x-twitter-webhooks-signature sha256=…, HMAC-SHA256 base64'
asana\t'Asana: X-Hook-Signature, HMAC-SHA256 hex with the X-Hook-Secret of the handshake'
twitch\t'Twitch EventSub: Twitch-Eventsub-Message-Signature sha256=… over id + timestamp + body'
zoom\t'Zoom: x-zm-signature v0=… with x-zm-request-timestamp'
linear\t'Linear: Linear-Signature, HMAC-SHA256 hex; the body\'s webhookTimestamp'
calendly\t'Calendly: Calendly-Webhook-Signature t=…,v1=…'
paddle\t'Paddle Billing: Paddle-Signature ts=…;h1=…'
typeform\t'Typeform: Typeform-Signature sha256=…, HMAC-SHA256 base64'
woocommerce\t'WooCommerce: X-WC-Webhook-Signature, HMAC-SHA256 base64'
dropbox\t'Dropbox: X-Dropbox-Signature, HMAC-SHA256 hex with the app secret'
msgraph\t'Microsoft Graph change notifications: each value[].clientState is the secret'
mailgun\t'Mailgun: signature.{timestamp,token,signature} in the body; the body itself is not signed'
discord\t'Discord interactions and Webhook Events: X-Signature-Ed25519 (check with --public-key)'
sendgrid\t'Twilio SendGrid Event Webhook: X-Twilio-Email-Event-Webhook-Signature (check with --public-key)'
twilio\t'Twilio: X-Twilio-Signature over the URL and form parameters (needs --public-url)'
square\t'Square: x-square-hmacsha256-signature over the notification URL and body (needs --public-url)'
hubspot\t'HubSpot v3: X-HubSpot-Signature-v3 over method, URL, body and timestamp (needs --public-url)'
hmac\t'Any HMAC in a header you name (--header, --algorithm, --encoding, --prefix)'"
complete -c hookscope -n "__fish_hookscope_using_subcommand sign" -l body -d 'The payload to sign (\'-\' reads standard input)' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand sign" -l timestamp -d 'The signed timestamp (stripe, standard, slack, twitch, paddle, hubspot, calendly, zoom, discord, sendgrid); defaults to now' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand sign" -l id -d 'The message id (standard, twitch); defaults to a fresh one' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand sign" -l format -d 'Output format [default: headers, or curl when --url is given]' -r -f -a "headers\t'The headers to send, one \'Name: value\' per line'
curl\t'A ready curl command (needs --url)'
capture\t'A capture file, as listen writes and verify reads: received at --timestamp, its id made from its content, so the same flags give the same bytes'"
complete -c hookscope -n "__fish_hookscope_using_subcommand sign" -l url -d 'Where the curl command sends the request; implies --format curl' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand sign" -l path -d 'The request path written into a capture (--format capture), and added to --public-url [default: /]' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand sign" -l public-url -d 'The address the platform calls (the tunnel\'s), for schemes that sign the URL (twilio, square, hubspot); --path is added to it' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand sign" -s H -l request-header -d 'Another header to send, \'Name: value\' (repeatable): X-GitHub-Event, a User-Agent…' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand sign" -l secret -d 'A secret, as text (repeatable): the shared secret, or for sign and --resign of discord, sendgrid and standard v1a, the private key. Prefer --secret-env or --secret-file: other users can see command lines' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand sign" -l secret-env -d 'Read a secret from this environment variable (repeatable)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand sign" -l secret-file -d 'Read secrets from a file, one per line (a PEM block counts as one); \'#\' starts a comment (repeatable)' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand sign" -l header -d 'The header that carries the signature (implies --scheme hmac)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand sign" -l algorithm -d 'The MAC\'s hash' -r -f -a "sha1\t''
sha256\t''
sha512\t''
md5\t''"
complete -c hookscope -n "__fish_hookscope_using_subcommand sign" -l encoding -d 'How the MAC is written' -r -f -a "hex\t''
base64\t''"
complete -c hookscope -n "__fish_hookscope_using_subcommand sign" -l prefix -d 'Text before the encoded MAC, such as \'sha256=\'' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand sign" -l color -d 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb' -r -f -a "auto\t'Colour when standard output is a terminal, NO_COLOR is unset and TERM is not dumb'
always\t''
never\t''"
complete -c hookscope -n "__fish_hookscope_using_subcommand sign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hookscope -n "__fish_hookscope_using_subcommand fixture" -l out -d 'The directory the fixtures are written to (made if needed)' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand fixture" -l redact -d 'Take values out of the body (repeatable): a JSON pointer (/data/FIELDS/EMAIL), a field name glob (*email*, phone), or pii (e-mail addresses, phone numbers, names). Each value keeps its type and shape (letters x, digits 0). Needs --resign-secret: the signature no longer matches' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand fixture" -l keep-header -d 'Keep a header that would be dropped as describing the capturing machine (Host, X-Forwarded-*, Accept-Encoding…) (repeatable)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand fixture" -l resign-secret -d 'Re-sign with this secret instead of the sender\'s (its private key for discord, sendgrid, v1a): the receiver\'s, or a test one. Only a capture that a secret of the sender\'s verifies is re-signed (repeatable)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand fixture" -l resign-secret-env -d 'The environment variable holding that secret (repeatable)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand fixture" -l resign-secret-file -d 'A file of those secrets, one per line (repeatable)' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand fixture" -l scheme -d 'The signature scheme (auto: from the captured headers)' -r -f -a "auto\t'Pick the scheme from the headers present'
bitrix\t'Bitrix24 events re-signed by an integration: X-Bitrix-Signature, HMAC-SHA256 hex'
bitrix-token\t'Bitrix24 outgoing webhook: auth[application_token] in the form body'
blue\t'Blue: X-Signature, HMAC-SHA256 hex'
bpium\t'Bpium: X-Hook-Signature, HMAC-MD5 base64'
github\t'GitHub: X-Hub-Signature-256 (legacy X-Hub-Signature only when it is absent)'
stripe\t'Stripe: Stripe-Signature t=…,v1=…'
standard\t'Standard Webhooks and Svix: webhook-id/-timestamp/-signature (or svix-*), v1 or v1a (check v1a with --public-key)'
slack\t'Slack: X-Slack-Signature v0=… with X-Slack-Request-Timestamp'
shopify\t'Shopify: X-Shopify-Hmac-Sha256, HMAC-SHA256 base64'
gitlab\t'GitLab: X-Gitlab-Token, the secret token itself'
bitbucket\t'Bitbucket: X-Hub-Signature sha256=…, HMAC-SHA256 hex, with X-Event-Key'
meta\t'Meta (Facebook, Instagram, WhatsApp): X-Hub-Signature-256 sha256=…, HMAC-SHA256 hex'
intercom\t'Intercom: X-Hub-Signature sha1=…, HMAC-SHA1 hex'
x\t'X (Twitter): x-twitter-webhooks-signature sha256=…, HMAC-SHA256 base64'
asana\t'Asana: X-Hook-Signature, HMAC-SHA256 hex with the X-Hook-Secret of the handshake'
twitch\t'Twitch EventSub: Twitch-Eventsub-Message-Signature sha256=… over id + timestamp + body'
zoom\t'Zoom: x-zm-signature v0=… with x-zm-request-timestamp'
linear\t'Linear: Linear-Signature, HMAC-SHA256 hex; the body\'s webhookTimestamp'
calendly\t'Calendly: Calendly-Webhook-Signature t=…,v1=…'
paddle\t'Paddle Billing: Paddle-Signature ts=…;h1=…'
typeform\t'Typeform: Typeform-Signature sha256=…, HMAC-SHA256 base64'
woocommerce\t'WooCommerce: X-WC-Webhook-Signature, HMAC-SHA256 base64'
dropbox\t'Dropbox: X-Dropbox-Signature, HMAC-SHA256 hex with the app secret'
msgraph\t'Microsoft Graph change notifications: each value[].clientState is the secret'
mailgun\t'Mailgun: signature.{timestamp,token,signature} in the body; the body itself is not signed'
discord\t'Discord interactions and Webhook Events: X-Signature-Ed25519 (check with --public-key)'
sendgrid\t'Twilio SendGrid Event Webhook: X-Twilio-Email-Event-Webhook-Signature (check with --public-key)'
twilio\t'Twilio: X-Twilio-Signature over the URL and form parameters (needs --public-url)'
square\t'Square: x-square-hmacsha256-signature over the notification URL and body (needs --public-url)'
hubspot\t'HubSpot v3: X-HubSpot-Signature-v3 over method, URL, body and timestamp (needs --public-url)'
hmac\t'Any HMAC in a header you name (--header, --algorithm, --encoding, --prefix)'"
complete -c hookscope -n "__fish_hookscope_using_subcommand fixture" -l config -d 'Take each capture\'s scheme and secret from the endpoint that serves its path' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand fixture" -l public-url -d 'The address the platform calls (the tunnel\'s), for schemes that sign the URL (twilio, square, hubspot): the request\'s path and query are added to it' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand fixture" -l secret -d 'A secret, as text (repeatable): the shared secret, or for sign and --resign of discord, sendgrid and standard v1a, the private key. Prefer --secret-env or --secret-file: other users can see command lines' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand fixture" -l secret-env -d 'Read a secret from this environment variable (repeatable)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand fixture" -l secret-file -d 'Read secrets from a file, one per line (a PEM block counts as one); \'#\' starts a comment (repeatable)' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand fixture" -l public-key -d 'A public key, as the platform shows it (repeatable): Discord\'s application key (hex), a Standard Webhooks whpk_… key, SendGrid\'s verification key (base64 DER or PEM). Public keys may be shown; sign takes the private key with --secret' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand fixture" -l public-key-env -d 'Read a public key from this environment variable (repeatable)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand fixture" -l public-key-file -d 'Read public keys from a file, one per line (a PEM block counts as one); \'#\' starts a comment (repeatable)' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand fixture" -l tolerance -d 'How far a signed timestamp may be from now (for fixture, from the capture\'s arrival) [default: the platform\'s own window: 300 s for stripe, standard, slack and hubspot, 600 s twitch, 180 s calendly, 60 s linear, 5 s paddle]' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand fixture" -l now -d 'Take this Unix time as now (old fixtures with their own clock)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand fixture" -l header -d 'The header that carries the signature (implies --scheme hmac)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand fixture" -l algorithm -d 'The MAC\'s hash' -r -f -a "sha1\t''
sha256\t''
sha512\t''
md5\t''"
complete -c hookscope -n "__fish_hookscope_using_subcommand fixture" -l encoding -d 'How the MAC is written' -r -f -a "hex\t''
base64\t''"
complete -c hookscope -n "__fish_hookscope_using_subcommand fixture" -l prefix -d 'Text before the encoded MAC, such as \'sha256=\'' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand fixture" -l color -d 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb' -r -f -a "auto\t'Colour when standard output is a terminal, NO_COLOR is unset and TERM is not dumb'
always\t''
never\t''"
complete -c hookscope -n "__fish_hookscope_using_subcommand fixture" -l no-tolerance -d 'Do not check timestamps at all (old fixtures)'
complete -c hookscope -n "__fish_hookscope_using_subcommand fixture" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hookscope -n "__fish_hookscope_using_subcommand completions" -l color -d 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb' -r -f -a "auto\t'Colour when standard output is a terminal, NO_COLOR is unset and TERM is not dumb'
always\t''
never\t''"
complete -c hookscope -n "__fish_hookscope_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l to -d 'Where to send the deliveries' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -s H -l request-header -d 'Add a header, or replace one of the same name: \'Name: value\' (repeatable)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l store -d 'The store to pick from [default: the one listen writes to]' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l last -d 'The newest N captures (1 when N is left out), sent oldest first' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l id -d 'The capture with this id (or a unique start or end of it)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l since -d 'Captures received since a time (RFC 3339) or within a span back from now (2h, 30m, 1d)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l event -d 'Captures whose event name matches a glob: \'record.before.*\'' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l platform -d 'Captures of one platform (its scheme\'s name; bitrix also takes bitrix-token\'s)' -r -f -a "bitrix\t'Bitrix24 events re-signed by an integration: X-Bitrix-Signature, HMAC-SHA256 hex'
bitrix-token\t'Bitrix24 outgoing webhook: auth[application_token] in the form body'
blue\t'Blue: X-Signature, HMAC-SHA256 hex'
bpium\t'Bpium: X-Hook-Signature, HMAC-MD5 base64'
github\t'GitHub: X-Hub-Signature-256 (legacy X-Hub-Signature only when it is absent)'
stripe\t'Stripe: Stripe-Signature t=…,v1=…'
standard\t'Standard Webhooks and Svix: webhook-id/-timestamp/-signature (or svix-*), v1 or v1a (check v1a with --public-key)'
slack\t'Slack: X-Slack-Signature v0=… with X-Slack-Request-Timestamp'
shopify\t'Shopify: X-Shopify-Hmac-Sha256, HMAC-SHA256 base64'
gitlab\t'GitLab: X-Gitlab-Token, the secret token itself'
bitbucket\t'Bitbucket: X-Hub-Signature sha256=…, HMAC-SHA256 hex, with X-Event-Key'
meta\t'Meta (Facebook, Instagram, WhatsApp): X-Hub-Signature-256 sha256=…, HMAC-SHA256 hex'
intercom\t'Intercom: X-Hub-Signature sha1=…, HMAC-SHA1 hex'
x\t'X (Twitter): x-twitter-webhooks-signature sha256=…, HMAC-SHA256 base64'
asana\t'Asana: X-Hook-Signature, HMAC-SHA256 hex with the X-Hook-Secret of the handshake'
twitch\t'Twitch EventSub: Twitch-Eventsub-Message-Signature sha256=… over id + timestamp + body'
zoom\t'Zoom: x-zm-signature v0=… with x-zm-request-timestamp'
linear\t'Linear: Linear-Signature, HMAC-SHA256 hex; the body\'s webhookTimestamp'
calendly\t'Calendly: Calendly-Webhook-Signature t=…,v1=…'
paddle\t'Paddle Billing: Paddle-Signature ts=…;h1=…'
typeform\t'Typeform: Typeform-Signature sha256=…, HMAC-SHA256 base64'
woocommerce\t'WooCommerce: X-WC-Webhook-Signature, HMAC-SHA256 base64'
dropbox\t'Dropbox: X-Dropbox-Signature, HMAC-SHA256 hex with the app secret'
msgraph\t'Microsoft Graph change notifications: each value[].clientState is the secret'
mailgun\t'Mailgun: signature.{timestamp,token,signature} in the body; the body itself is not signed'
discord\t'Discord interactions and Webhook Events: X-Signature-Ed25519 (check with --public-key)'
sendgrid\t'Twilio SendGrid Event Webhook: X-Twilio-Email-Event-Webhook-Signature (check with --public-key)'
twilio\t'Twilio: X-Twilio-Signature over the URL and form parameters (needs --public-url)'
square\t'Square: x-square-hmacsha256-signature over the notification URL and body (needs --public-url)'
hubspot\t'HubSpot v3: X-HubSpot-Signature-v3 over method, URL, body and timestamp (needs --public-url)'
hmac\t'Any HMAC in a header you name (--header, --algorithm, --encoding, --prefix)'"
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l signature -d 'Captures by the verdict listen recorded (repeatable): valid, invalid, unchecked' -r -f -a "valid\t''
invalid\t''
unchecked\t''"
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l body -d 'Send this hand-made payload instead of captures, signed with --scheme (\'-\' reads standard input)' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l path -d 'The path to send a hand-made payload to (appended to --to)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l scheme -d 'The signature scheme, for --body and --resign (auto: from the captured headers)' -r -f -a "auto\t'Pick the scheme from the headers present'
bitrix\t'Bitrix24 events re-signed by an integration: X-Bitrix-Signature, HMAC-SHA256 hex'
bitrix-token\t'Bitrix24 outgoing webhook: auth[application_token] in the form body'
blue\t'Blue: X-Signature, HMAC-SHA256 hex'
bpium\t'Bpium: X-Hook-Signature, HMAC-MD5 base64'
github\t'GitHub: X-Hub-Signature-256 (legacy X-Hub-Signature only when it is absent)'
stripe\t'Stripe: Stripe-Signature t=…,v1=…'
standard\t'Standard Webhooks and Svix: webhook-id/-timestamp/-signature (or svix-*), v1 or v1a (check v1a with --public-key)'
slack\t'Slack: X-Slack-Signature v0=… with X-Slack-Request-Timestamp'
shopify\t'Shopify: X-Shopify-Hmac-Sha256, HMAC-SHA256 base64'
gitlab\t'GitLab: X-Gitlab-Token, the secret token itself'
bitbucket\t'Bitbucket: X-Hub-Signature sha256=…, HMAC-SHA256 hex, with X-Event-Key'
meta\t'Meta (Facebook, Instagram, WhatsApp): X-Hub-Signature-256 sha256=…, HMAC-SHA256 hex'
intercom\t'Intercom: X-Hub-Signature sha1=…, HMAC-SHA1 hex'
x\t'X (Twitter): x-twitter-webhooks-signature sha256=…, HMAC-SHA256 base64'
asana\t'Asana: X-Hook-Signature, HMAC-SHA256 hex with the X-Hook-Secret of the handshake'
twitch\t'Twitch EventSub: Twitch-Eventsub-Message-Signature sha256=… over id + timestamp + body'
zoom\t'Zoom: x-zm-signature v0=… with x-zm-request-timestamp'
linear\t'Linear: Linear-Signature, HMAC-SHA256 hex; the body\'s webhookTimestamp'
calendly\t'Calendly: Calendly-Webhook-Signature t=…,v1=…'
paddle\t'Paddle Billing: Paddle-Signature ts=…;h1=…'
typeform\t'Typeform: Typeform-Signature sha256=…, HMAC-SHA256 base64'
woocommerce\t'WooCommerce: X-WC-Webhook-Signature, HMAC-SHA256 base64'
dropbox\t'Dropbox: X-Dropbox-Signature, HMAC-SHA256 hex with the app secret'
msgraph\t'Microsoft Graph change notifications: each value[].clientState is the secret'
mailgun\t'Mailgun: signature.{timestamp,token,signature} in the body; the body itself is not signed'
discord\t'Discord interactions and Webhook Events: X-Signature-Ed25519 (check with --public-key)'
sendgrid\t'Twilio SendGrid Event Webhook: X-Twilio-Email-Event-Webhook-Signature (check with --public-key)'
twilio\t'Twilio: X-Twilio-Signature over the URL and form parameters (needs --public-url)'
square\t'Square: x-square-hmacsha256-signature over the notification URL and body (needs --public-url)'
hubspot\t'HubSpot v3: X-HubSpot-Signature-v3 over method, URL, body and timestamp (needs --public-url)'
hmac\t'Any HMAC in a header you name (--header, --algorithm, --encoding, --prefix)'"
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l config -d 'Find each capture\'s scheme and secret (for --resign) by its path' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l resign-secret -d 'Re-sign with this secret instead of the sender\'s (its private key for discord, sendgrid, v1a): the receiver\'s, or a test one. Only a capture that a secret of the sender\'s verifies is re-signed (repeatable)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l resign-secret-env -d 'The environment variable holding that secret (repeatable)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l resign-secret-file -d 'A file of those secrets, one per line (repeatable)' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l concurrency -d 'Deliveries in flight at once; results are reported in the captures\' order' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l rate -d 'At most this many deliveries a second: 50/s' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l timeout -d 'How long each step of an attempt may take: connecting, sending, waiting for the answer, reading it' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l retries -d 'Retry connection errors, 5xx and 429 this many times, with exponential backoff and jitter (Retry-After is honoured). A 2xx is never sent again' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l expect -d 'What counts as delivered: a status (202) or a class (4xx) [default: 2xx]' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l format -d 'Output format' -r -f -a "human\t'A line per delivery with the response body; a summary at the end'
json\t'One JSON object per delivery per line'
curl\t'Curl commands (with --dry-run)'"
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l public-url -d 'The address the platform calls (the tunnel\'s), for schemes that sign the URL (twilio, square, hubspot): the request\'s path and query are added to it' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l secret -d 'A secret, as text (repeatable): the shared secret, or for sign and --resign of discord, sendgrid and standard v1a, the private key. Prefer --secret-env or --secret-file: other users can see command lines' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l secret-env -d 'Read a secret from this environment variable (repeatable)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l secret-file -d 'Read secrets from a file, one per line (a PEM block counts as one); \'#\' starts a comment (repeatable)' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l header -d 'The header that carries the signature (implies --scheme hmac)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l algorithm -d 'The MAC\'s hash' -r -f -a "sha1\t''
sha256\t''
sha512\t''
md5\t''"
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l encoding -d 'How the MAC is written' -r -f -a "hex\t''
base64\t''"
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l prefix -d 'Text before the encoded MAC, such as \'sha256=\'' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l color -d 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb' -r -f -a "auto\t'Colour when standard output is a terminal, NO_COLOR is unset and TERM is not dumb'
always\t''
never\t''"
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l keep-path -d 'Append each capture\'s path and query to the URL'
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l list -d 'Show what is stored (id, time, platform, event, size, verdict) instead of sending'
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l resign -d 'Sign again before sending, with a fresh timestamp (and message id) where the scheme has them, so old captures pass a receiver\'s replay window (--resign-secret implies it)'
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -l dry-run -d 'Send nothing; print what would be sent'
complete -c hookscope -n "__fish_hookscope_using_subcommand replay" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hookscope -n "__fish_hookscope_using_subcommand inspect" -l store -d 'The store to read [default: the one listen writes to]. Edit and resend stores the requests it sends here too' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand inspect" -l ui-port -d 'The inspector\'s port, on 127.0.0.1; 0 picks a free one' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand inspect" -l fixtures -d 'The directory Save as fixture writes into (made if needed); without it, the page says how to turn Save as fixture on' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand inspect" -l scheme -d 'The signature scheme, for re-signing and fixtures (auto: from the captured headers)' -r -f -a "auto\t'Pick the scheme from the headers present'
bitrix\t'Bitrix24 events re-signed by an integration: X-Bitrix-Signature, HMAC-SHA256 hex'
bitrix-token\t'Bitrix24 outgoing webhook: auth[application_token] in the form body'
blue\t'Blue: X-Signature, HMAC-SHA256 hex'
bpium\t'Bpium: X-Hook-Signature, HMAC-MD5 base64'
github\t'GitHub: X-Hub-Signature-256 (legacy X-Hub-Signature only when it is absent)'
stripe\t'Stripe: Stripe-Signature t=…,v1=…'
standard\t'Standard Webhooks and Svix: webhook-id/-timestamp/-signature (or svix-*), v1 or v1a (check v1a with --public-key)'
slack\t'Slack: X-Slack-Signature v0=… with X-Slack-Request-Timestamp'
shopify\t'Shopify: X-Shopify-Hmac-Sha256, HMAC-SHA256 base64'
gitlab\t'GitLab: X-Gitlab-Token, the secret token itself'
bitbucket\t'Bitbucket: X-Hub-Signature sha256=…, HMAC-SHA256 hex, with X-Event-Key'
meta\t'Meta (Facebook, Instagram, WhatsApp): X-Hub-Signature-256 sha256=…, HMAC-SHA256 hex'
intercom\t'Intercom: X-Hub-Signature sha1=…, HMAC-SHA1 hex'
x\t'X (Twitter): x-twitter-webhooks-signature sha256=…, HMAC-SHA256 base64'
asana\t'Asana: X-Hook-Signature, HMAC-SHA256 hex with the X-Hook-Secret of the handshake'
twitch\t'Twitch EventSub: Twitch-Eventsub-Message-Signature sha256=… over id + timestamp + body'
zoom\t'Zoom: x-zm-signature v0=… with x-zm-request-timestamp'
linear\t'Linear: Linear-Signature, HMAC-SHA256 hex; the body\'s webhookTimestamp'
calendly\t'Calendly: Calendly-Webhook-Signature t=…,v1=…'
paddle\t'Paddle Billing: Paddle-Signature ts=…;h1=…'
typeform\t'Typeform: Typeform-Signature sha256=…, HMAC-SHA256 base64'
woocommerce\t'WooCommerce: X-WC-Webhook-Signature, HMAC-SHA256 base64'
dropbox\t'Dropbox: X-Dropbox-Signature, HMAC-SHA256 hex with the app secret'
msgraph\t'Microsoft Graph change notifications: each value[].clientState is the secret'
mailgun\t'Mailgun: signature.{timestamp,token,signature} in the body; the body itself is not signed'
discord\t'Discord interactions and Webhook Events: X-Signature-Ed25519 (check with --public-key)'
sendgrid\t'Twilio SendGrid Event Webhook: X-Twilio-Email-Event-Webhook-Signature (check with --public-key)'
twilio\t'Twilio: X-Twilio-Signature over the URL and form parameters (needs --public-url)'
square\t'Square: x-square-hmacsha256-signature over the notification URL and body (needs --public-url)'
hubspot\t'HubSpot v3: X-HubSpot-Signature-v3 over method, URL, body and timestamp (needs --public-url)'
hmac\t'Any HMAC in a header you name (--header, --algorithm, --encoding, --prefix)'"
complete -c hookscope -n "__fish_hookscope_using_subcommand inspect" -l config -d 'Find each capture\'s scheme and secret by its path, as listen does' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand inspect" -l public-url -d 'The address the platform calls (the tunnel\'s), for schemes that sign the URL (twilio, square, hubspot): the request\'s path and query are added to it' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand inspect" -l resign-secret -d 'Re-sign with this secret instead of the sender\'s (its private key for discord, sendgrid, v1a): the receiver\'s, or a test one. Only a capture that a secret of the sender\'s verifies is re-signed (repeatable)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand inspect" -l resign-secret-env -d 'The environment variable holding that secret (repeatable)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand inspect" -l resign-secret-file -d 'A file of those secrets, one per line (repeatable)' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand inspect" -l secret -d 'A secret, as text (repeatable): the shared secret, or for sign and --resign of discord, sendgrid and standard v1a, the private key. Prefer --secret-env or --secret-file: other users can see command lines' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand inspect" -l secret-env -d 'Read a secret from this environment variable (repeatable)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand inspect" -l secret-file -d 'Read secrets from a file, one per line (a PEM block counts as one); \'#\' starts a comment (repeatable)' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand inspect" -l public-key -d 'A public key, as the platform shows it (repeatable): Discord\'s application key (hex), a Standard Webhooks whpk_… key, SendGrid\'s verification key (base64 DER or PEM). Public keys may be shown; sign takes the private key with --secret' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand inspect" -l public-key-env -d 'Read a public key from this environment variable (repeatable)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand inspect" -l public-key-file -d 'Read public keys from a file, one per line (a PEM block counts as one); \'#\' starts a comment (repeatable)' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand inspect" -l header -d 'The header that carries the signature (implies --scheme hmac)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand inspect" -l algorithm -d 'The MAC\'s hash' -r -f -a "sha1\t''
sha256\t''
sha512\t''
md5\t''"
complete -c hookscope -n "__fish_hookscope_using_subcommand inspect" -l encoding -d 'How the MAC is written' -r -f -a "hex\t''
base64\t''"
complete -c hookscope -n "__fish_hookscope_using_subcommand inspect" -l prefix -d 'Text before the encoded MAC, such as \'sha256=\'' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand inspect" -l color -d 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb' -r -f -a "auto\t'Colour when standard output is a terminal, NO_COLOR is unset and TERM is not dumb'
always\t''
never\t''"
complete -c hookscope -n "__fish_hookscope_using_subcommand inspect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hookscope -n "__fish_hookscope_using_subcommand trigger" -l to -d 'Where to send it' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand trigger" -l set -d 'Change the body before it is signed: a JSON pointer to what the sample has, and a JSON value (repeatable); /list/- adds an item. A string is written in quotes: --set \'/currency="eur"\'. In a form body the pointer names the field (/auth[domain]), and null removes it' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand trigger" -s H -l request-header -d 'Add a header, or replace one of the same name: \'Name: value\' (repeatable)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand trigger" -l format -d 'Output format' -r -f -a "human\t'The answer\'s status and body; with --dry-run, the request line and headers'
json\t'One JSON object: the answer, or with --dry-run the request'
curl\t'A curl command that sends it (with --dry-run)'
capture\t'A capture, as listen stores one and verify, replay and fixture read it (with --dry-run)'"
complete -c hookscope -n "__fish_hookscope_using_subcommand trigger" -l timeout -d 'How long each step may take: connecting, sending, waiting for the answer (a Bpium request may wait for a person: listen --decide ask), reading it' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand trigger" -l secret -d 'A secret, as text (repeatable): the shared secret, or for sign and --resign of discord, sendgrid and standard v1a, the private key. Prefer --secret-env or --secret-file: other users can see command lines' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand trigger" -l secret-env -d 'Read a secret from this environment variable (repeatable)' -r
complete -c hookscope -n "__fish_hookscope_using_subcommand trigger" -l secret-file -d 'Read secrets from a file, one per line (a PEM block counts as one); \'#\' starts a comment (repeatable)' -r -F
complete -c hookscope -n "__fish_hookscope_using_subcommand trigger" -l color -d 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb' -r -f -a "auto\t'Colour when standard output is a terminal, NO_COLOR is unset and TERM is not dumb'
always\t''
never\t''"
complete -c hookscope -n "__fish_hookscope_using_subcommand trigger" -l list -d 'List the sample events (of PLATFORM, when given), and send nothing'
complete -c hookscope -n "__fish_hookscope_using_subcommand trigger" -l dry-run -d 'Send nothing; print what would be sent'
complete -c hookscope -n "__fish_hookscope_using_subcommand trigger" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hookscope -n "__fish_hookscope_using_subcommand help; and not __fish_seen_subcommand_from listen verify sign fixture completions replay inspect trigger help" -f -a "listen" -d 'Receive webhooks locally: check, show, store and answer each delivery'
complete -c hookscope -n "__fish_hookscope_using_subcommand help; and not __fish_seen_subcommand_from listen verify sign fixture completions replay inspect trigger help" -f -a "verify" -d 'Check the signatures of saved deliveries and fixtures (exit 0 valid, 1 invalid, 2 error)'
complete -c hookscope -n "__fish_hookscope_using_subcommand help; and not __fish_seen_subcommand_from listen verify sign fixture completions replay inspect trigger help" -f -a "sign" -d 'Make the signature headers for a payload: fixtures, hand-made requests'
complete -c hookscope -n "__fish_hookscope_using_subcommand help; and not __fish_seen_subcommand_from listen verify sign fixture completions replay inspect trigger help" -f -a "fixture" -d 'Turn captures into fixtures fit to commit: checked, redacted, re-signed, stable names'
complete -c hookscope -n "__fish_hookscope_using_subcommand help; and not __fish_seen_subcommand_from listen verify sign fixture completions replay inspect trigger help" -f -a "completions" -d 'Print a shell completion script'
complete -c hookscope -n "__fish_hookscope_using_subcommand help; and not __fish_seen_subcommand_from listen verify sign fixture completions replay inspect trigger help" -f -a "replay" -d 'Resend captured deliveries (or a hand-made one) to a URL, re-signing them when asked'
complete -c hookscope -n "__fish_hookscope_using_subcommand help; and not __fish_seen_subcommand_from listen verify sign fixture completions replay inspect trigger help" -f -a "inspect" -d 'Browse the stored captures in a web page on this machine (the inspector), without receiving webhooks'
complete -c hookscope -n "__fish_hookscope_using_subcommand help; and not __fish_seen_subcommand_from listen verify sign fixture completions replay inspect trigger help" -f -a "trigger" -d 'Send a platform\'s sample event, real-shaped and signed: --list shows them'
complete -c hookscope -n "__fish_hookscope_using_subcommand help; and not __fish_seen_subcommand_from listen verify sign fixture completions replay inspect trigger help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
