
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'hookscope' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'hookscope'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'hookscope' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Receive webhooks locally: check, show, store and answer each delivery')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the signatures of saved deliveries and fixtures (exit 0 valid, 1 invalid, 2 error)')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Make the signature headers for a payload: fixtures, hand-made requests')
            [CompletionResult]::new('fixture', 'fixture', [CompletionResultType]::ParameterValue, 'Turn captures into fixtures fit to commit: checked, redacted, re-signed, stable names')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Resend captured deliveries (or a hand-made one) to a URL, re-signing them when asked')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Browse the stored captures in a web page on this machine (the inspector), without receiving webhooks')
            [CompletionResult]::new('trigger', 'trigger', [CompletionResultType]::ParameterValue, 'Send a platform''s sample event, real-shaped and signed: --list shows them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hookscope;listen' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'The address to listen on. Only this machine can reach the default; see SECURITY.md before you widen it')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The port; 0 picks a free one (the first line printed says which)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The port; 0 picks a free one (the first line printed says which)')
            [CompletionResult]::new('--scheme', '--scheme', [CompletionResultType]::ParameterName, 'The signature scheme (for paths no --config endpoint serves)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Endpoints, schemes, secrets and rules from a TOML file (see the README). A path no endpoint serves is answered 404, unless a secret given here checks it')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where to store captures [default: $XDG_STATE_HOME/hookscope/captures or ~/.local/state/hookscope/captures]. At start, the newest 10,000 captures of the last 24 h there are remembered, so a repeat or a Bpium gap across a restart is warned of')
            [CompletionResult]::new('--ui-port', '--ui-port', [CompletionResultType]::ParameterName, 'The inspector''s port, on 127.0.0.1; 0 picks a free one')
            [CompletionResult]::new('--fixtures', '--fixtures', [CompletionResultType]::ParameterName, 'The directory the inspector''s Save as fixture writes into (made if needed); without it, the page says how to turn Save as fixture on')
            [CompletionResult]::new('--resign-secret', '--resign-secret', [CompletionResultType]::ParameterName, 'Re-sign with this secret instead of the sender''s (its private key for discord, sendgrid, v1a): the receiver''s, or a test one. Only a capture that a secret of the sender''s verifies is re-signed (repeatable)')
            [CompletionResult]::new('--resign-secret-env', '--resign-secret-env', [CompletionResultType]::ParameterName, 'The environment variable holding that secret (repeatable)')
            [CompletionResult]::new('--resign-secret-file', '--resign-secret-file', [CompletionResultType]::ParameterName, 'A file of those secrets, one per line (repeatable)')
            [CompletionResult]::new('--max-requests', '--max-requests', [CompletionResultType]::ParameterName, 'Exit after this many deliveries (for CI): 0 if all were valid, 1 if not (a delivery refused unread, for its size, a stalled or cut-short body or its framing, counts, as not valid; a handshake answered does not count)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Show and forward only deliveries whose event name matches one of these globs (repeatable, or comma-separated): ''*'' matches any run of characters, ''?'' one, and case is ignored (oncrm* matches ONCRMLEADADD). A delivery with no event name matches only ''*''. The others are still checked, stored and answered, but as notifications (200 {"ok":true}: a Bpium record.before.* is not held for a rule, --decide or a question, and a record.updating gets no values); they print nothing, not even a --format json line, unless they are refused (a bad signature, not stored), they count toward --max-requests, and the summary says how many were left out. Handshakes are answered and shown whatever it says')
            [CompletionResult]::new('--max-body', '--max-body', [CompletionResultType]::ParameterName, 'Refuse larger bodies with 413: bytes, or K/KB/KiB, M/MB/MiB, G/GB/GiB, all powers of 1024 (at most 1GiB)')
            [CompletionResult]::new('--body-lines', '--body-lines', [CompletionResultType]::ParameterName, 'Show at most this many lines of a body, each cut at 500 characters (the capture keeps it all)')
            [CompletionResult]::new('--decide', '--decide', [CompletionResultType]::ParameterName, 'How to answer request-type events (Bpium record.before.*) that no rule decides. With --ui, ask puts the question on the inspector''s page too (record.updating as well, which takes field values there), and the first answer from either side is sent')
            [CompletionResult]::new('--reject-message', '--reject-message', [CompletionResultType]::ParameterName, 'The message a rejection shows the user of the sending platform')
            [CompletionResult]::new('--ask-timeout', '--ask-timeout', [CompletionResultType]::ParameterName, 'How long --decide ask waits for an answer, counted from the delivery''s arrival (Bpium gives up after 10 s)')
            [CompletionResult]::new('--ask-default', '--ask-default', [CompletionResultType]::ParameterName, 'The answer to a request when --ask-timeout passes (Bpium itself treats no answer as a rejection). A field action (record.updating, asked only with --ui) is left unchanged')
            [CompletionResult]::new('--forward-to', '--forward-to', [CompletionResultType]::ParameterName, 'Pass each delivery whose signature passed (or was not checked, or any with --accept-invalid) on to exactly this URL (the request''s path and query are not added), byte-exact, and answer the sender with the app''s answer. A delivery is stored before it is passed on')
            [CompletionResult]::new('--forward-timeout', '--forward-timeout', [CompletionResultType]::ParameterName, 'How long the --forward-to app may take before the sender gets a 504')
            [CompletionResult]::new('--verify-token-env', '--verify-token-env', [CompletionResultType]::ParameterName, 'The environment variable holding the verify token Meta''s subscription check must carry (repeatable)')
            [CompletionResult]::new('--verify-token-file', '--verify-token-file', [CompletionResultType]::ParameterName, 'A file of verify tokens, one per line (''#'' starts a comment)')
            [CompletionResult]::new('--workers', '--workers', [CompletionResultType]::ParameterName, 'The most deliveries handled at once while they wait on the disk, the --forward-to app or a question; more wait their turn (a question''s deadline still counts from arrival)')
            [CompletionResult]::new('--max-connections', '--max-connections', [CompletionResultType]::ParameterName, 'The most connections open at once (fewer if the open-files limit is lower). Past it, the connection that has waited longest for a request is closed to make room, else the one whose body has been arriving longest; one with a delivery in hand never is, and with only those open, new connections wait their turn')
            [CompletionResult]::new('--max-header-size', '--max-header-size', [CompletionResultType]::ParameterName, 'The most bytes of request line and headers together (8KiB to 1MiB); a larger head is answered 431 and the connection closed. At most 100 headers; a target over 8 KiB gets 414')
            [CompletionResult]::new('--header-timeout', '--header-timeout', [CompletionResultType]::ParameterName, 'How long a connection may take to send a request''s head (from connecting, or from its first byte on a kept-alive connection); then 408 and the connection is closed')
            [CompletionResult]::new('--idle-timeout', '--idle-timeout', [CompletionResultType]::ParameterName, 'How long a kept-alive connection may stay idle between requests before it is closed')
            [CompletionResult]::new('--body-timeout', '--body-timeout', [CompletionResultType]::ParameterName, 'How long a body may make no progress; then 408, the connection is closed and nothing is stored')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'The address the platform calls (the tunnel''s), for schemes that sign the URL (twilio, square, hubspot): the request''s path and query are added to it')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'A secret, as text (repeatable): the shared secret, or for sign and --resign of discord, sendgrid and standard v1a, the private key. Prefer --secret-env or --secret-file: other users can see command lines')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read a secret from this environment variable (repeatable)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read secrets from a file, one per line (a PEM block counts as one); ''#'' starts a comment (repeatable)')
            [CompletionResult]::new('--public-key', '--public-key', [CompletionResultType]::ParameterName, 'A public key, as the platform shows it (repeatable): Discord''s application key (hex), a Standard Webhooks whpk_… key, SendGrid''s verification key (base64 DER or PEM). Public keys may be shown; sign takes the private key with --secret')
            [CompletionResult]::new('--public-key-env', '--public-key-env', [CompletionResultType]::ParameterName, 'Read a public key from this environment variable (repeatable)')
            [CompletionResult]::new('--public-key-file', '--public-key-file', [CompletionResultType]::ParameterName, 'Read public keys from a file, one per line (a PEM block counts as one); ''#'' starts a comment (repeatable)')
            [CompletionResult]::new('--tolerance', '--tolerance', [CompletionResultType]::ParameterName, 'How far a signed timestamp may be from now (for fixture, from the capture''s arrival) [default: the platform''s own window: 300 s for stripe, standard, slack and hubspot, 600 s twitch, 180 s calendly, 60 s linear, 5 s paddle]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Take this Unix time as now (old fixtures with their own clock)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'The header that carries the signature (implies --scheme hmac)')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'The MAC''s hash')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How the MAC is written')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Text before the encoded MAC, such as ''sha256=''')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Do not store deliveries')
            [CompletionResult]::new('--ui', '--ui', [CompletionResultType]::ParameterName, 'Also serve the inspector: a web page on 127.0.0.1 (whatever --host is) that lists the stored deliveries, new ones as they arrive, and shows each in full. Its URL, with a token fresh for this run, is printed at start')
            [CompletionResult]::new('--no-fsync', '--no-fsync', [CompletionResultType]::ParameterName, 'Answer without waiting for each capture to reach the disk. Storing is several times faster, but a power cut or a system crash can lose deliveries already answered 200 (a crash of hookscope still cannot)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing per delivery')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing per delivery')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show credentials instead of masking them: Authorization, Cookie, headers and body fields named like a token, secret, password or API key (Bitrix24''s application token among them)')
            [CompletionResult]::new('--accept-invalid', '--accept-invalid', [CompletionResultType]::ParameterName, 'Answer deliveries with a bad signature as if valid (the failure is still shown)')
            [CompletionResult]::new('--forward-handshakes', '--forward-handshakes', [CompletionResultType]::ParameterName, 'Pass handshakes (Slack''s url_verification, Meta''s hub.challenge, X''s CRC…) on to --forward-to too, instead of answering them here')
            [CompletionResult]::new('--no-tolerance', '--no-tolerance', [CompletionResultType]::ParameterName, 'Do not check timestamps at all (old fixtures)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'hookscope;verify' {
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'Check this raw body instead of captures (''-'' reads standard input)')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'A header that came with --body, written as curl takes it: ''Name: value'' (repeatable)')
            [CompletionResult]::new('--request-header', '--request-header', [CompletionResultType]::ParameterName, 'A header that came with --body, written as curl takes it: ''Name: value'' (repeatable)')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'The path and query --body was sent to, added to --public-url for schemes that sign the URL (without it, --public-url is the whole URL)')
            [CompletionResult]::new('--scheme', '--scheme', [CompletionResultType]::ParameterName, 'The signature scheme')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Take each capture''s scheme and secret from the endpoint that serves its path')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'The address the platform calls (the tunnel''s), for schemes that sign the URL (twilio, square, hubspot): the request''s path and query are added to it')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'A secret, as text (repeatable): the shared secret, or for sign and --resign of discord, sendgrid and standard v1a, the private key. Prefer --secret-env or --secret-file: other users can see command lines')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read a secret from this environment variable (repeatable)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read secrets from a file, one per line (a PEM block counts as one); ''#'' starts a comment (repeatable)')
            [CompletionResult]::new('--public-key', '--public-key', [CompletionResultType]::ParameterName, 'A public key, as the platform shows it (repeatable): Discord''s application key (hex), a Standard Webhooks whpk_… key, SendGrid''s verification key (base64 DER or PEM). Public keys may be shown; sign takes the private key with --secret')
            [CompletionResult]::new('--public-key-env', '--public-key-env', [CompletionResultType]::ParameterName, 'Read a public key from this environment variable (repeatable)')
            [CompletionResult]::new('--public-key-file', '--public-key-file', [CompletionResultType]::ParameterName, 'Read public keys from a file, one per line (a PEM block counts as one); ''#'' starts a comment (repeatable)')
            [CompletionResult]::new('--tolerance', '--tolerance', [CompletionResultType]::ParameterName, 'How far a signed timestamp may be from now (for fixture, from the capture''s arrival) [default: the platform''s own window: 300 s for stripe, standard, slack and hubspot, 600 s twitch, 180 s calendly, 60 s linear, 5 s paddle]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Take this Unix time as now (old fixtures with their own clock)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'The header that carries the signature (implies --scheme hmac)')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'The MAC''s hash')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How the MAC is written')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Text before the encoded MAC, such as ''sha256=''')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb')
            [CompletionResult]::new('--no-tolerance', '--no-tolerance', [CompletionResultType]::ParameterName, 'Do not check timestamps at all (old fixtures)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'hookscope;sign' {
            [CompletionResult]::new('--scheme', '--scheme', [CompletionResultType]::ParameterName, 'The signature scheme')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'The payload to sign (''-'' reads standard input)')
            [CompletionResult]::new('--timestamp', '--timestamp', [CompletionResultType]::ParameterName, 'The signed timestamp (stripe, standard, slack, twitch, paddle, hubspot, calendly, zoom, discord, sendgrid); defaults to now')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The message id (standard, twitch); defaults to a fresh one')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: headers, or curl when --url is given]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Where the curl command sends the request; implies --format curl')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'The request path written into a capture (--format capture), and added to --public-url [default: /]')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'The address the platform calls (the tunnel''s), for schemes that sign the URL (twilio, square, hubspot); --path is added to it')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Another header to send, ''Name: value'' (repeatable): X-GitHub-Event, a User-Agent…')
            [CompletionResult]::new('--request-header', '--request-header', [CompletionResultType]::ParameterName, 'Another header to send, ''Name: value'' (repeatable): X-GitHub-Event, a User-Agent…')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'A secret, as text (repeatable): the shared secret, or for sign and --resign of discord, sendgrid and standard v1a, the private key. Prefer --secret-env or --secret-file: other users can see command lines')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read a secret from this environment variable (repeatable)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read secrets from a file, one per line (a PEM block counts as one); ''#'' starts a comment (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'The header that carries the signature (implies --scheme hmac)')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'The MAC''s hash')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How the MAC is written')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Text before the encoded MAC, such as ''sha256=''')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'hookscope;fixture' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The directory the fixtures are written to (made if needed)')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'Take values out of the body (repeatable): a JSON pointer (/data/FIELDS/EMAIL), a field name glob (*email*, phone), or pii (e-mail addresses, phone numbers, names). Each value keeps its type and shape (letters x, digits 0). Needs --resign-secret: the signature no longer matches')
            [CompletionResult]::new('--keep-header', '--keep-header', [CompletionResultType]::ParameterName, 'Keep a header that would be dropped as describing the capturing machine (Host, X-Forwarded-*, Accept-Encoding…) (repeatable)')
            [CompletionResult]::new('--resign-secret', '--resign-secret', [CompletionResultType]::ParameterName, 'Re-sign with this secret instead of the sender''s (its private key for discord, sendgrid, v1a): the receiver''s, or a test one. Only a capture that a secret of the sender''s verifies is re-signed (repeatable)')
            [CompletionResult]::new('--resign-secret-env', '--resign-secret-env', [CompletionResultType]::ParameterName, 'The environment variable holding that secret (repeatable)')
            [CompletionResult]::new('--resign-secret-file', '--resign-secret-file', [CompletionResultType]::ParameterName, 'A file of those secrets, one per line (repeatable)')
            [CompletionResult]::new('--scheme', '--scheme', [CompletionResultType]::ParameterName, 'The signature scheme (auto: from the captured headers)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Take each capture''s scheme and secret from the endpoint that serves its path')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'The address the platform calls (the tunnel''s), for schemes that sign the URL (twilio, square, hubspot): the request''s path and query are added to it')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'A secret, as text (repeatable): the shared secret, or for sign and --resign of discord, sendgrid and standard v1a, the private key. Prefer --secret-env or --secret-file: other users can see command lines')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read a secret from this environment variable (repeatable)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read secrets from a file, one per line (a PEM block counts as one); ''#'' starts a comment (repeatable)')
            [CompletionResult]::new('--public-key', '--public-key', [CompletionResultType]::ParameterName, 'A public key, as the platform shows it (repeatable): Discord''s application key (hex), a Standard Webhooks whpk_… key, SendGrid''s verification key (base64 DER or PEM). Public keys may be shown; sign takes the private key with --secret')
            [CompletionResult]::new('--public-key-env', '--public-key-env', [CompletionResultType]::ParameterName, 'Read a public key from this environment variable (repeatable)')
            [CompletionResult]::new('--public-key-file', '--public-key-file', [CompletionResultType]::ParameterName, 'Read public keys from a file, one per line (a PEM block counts as one); ''#'' starts a comment (repeatable)')
            [CompletionResult]::new('--tolerance', '--tolerance', [CompletionResultType]::ParameterName, 'How far a signed timestamp may be from now (for fixture, from the capture''s arrival) [default: the platform''s own window: 300 s for stripe, standard, slack and hubspot, 600 s twitch, 180 s calendly, 60 s linear, 5 s paddle]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Take this Unix time as now (old fixtures with their own clock)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'The header that carries the signature (implies --scheme hmac)')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'The MAC''s hash')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How the MAC is written')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Text before the encoded MAC, such as ''sha256=''')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb')
            [CompletionResult]::new('--no-tolerance', '--no-tolerance', [CompletionResultType]::ParameterName, 'Do not check timestamps at all (old fixtures)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'hookscope;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'hookscope;replay' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where to send the deliveries')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Add a header, or replace one of the same name: ''Name: value'' (repeatable)')
            [CompletionResult]::new('--request-header', '--request-header', [CompletionResultType]::ParameterName, 'Add a header, or replace one of the same name: ''Name: value'' (repeatable)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store to pick from [default: the one listen writes to]')
            [CompletionResult]::new('--last', '--last', [CompletionResultType]::ParameterName, 'The newest N captures (1 when N is left out), sent oldest first')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The capture with this id (or a unique start or end of it)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Captures received since a time (RFC 3339) or within a span back from now (2h, 30m, 1d)')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'Captures whose event name matches a glob: ''record.before.*''')
            [CompletionResult]::new('--platform', '--platform', [CompletionResultType]::ParameterName, 'Captures of one platform (its scheme''s name; bitrix also takes bitrix-token''s)')
            [CompletionResult]::new('--signature', '--signature', [CompletionResultType]::ParameterName, 'Captures by the verdict listen recorded (repeatable): valid, invalid, unchecked')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'Send this hand-made payload instead of captures, signed with --scheme (''-'' reads standard input)')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'The path to send a hand-made payload to (appended to --to)')
            [CompletionResult]::new('--scheme', '--scheme', [CompletionResultType]::ParameterName, 'The signature scheme, for --body and --resign (auto: from the captured headers)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Find each capture''s scheme and secret (for --resign) by its path')
            [CompletionResult]::new('--resign-secret', '--resign-secret', [CompletionResultType]::ParameterName, 'Re-sign with this secret instead of the sender''s (its private key for discord, sendgrid, v1a): the receiver''s, or a test one. Only a capture that a secret of the sender''s verifies is re-signed (repeatable)')
            [CompletionResult]::new('--resign-secret-env', '--resign-secret-env', [CompletionResultType]::ParameterName, 'The environment variable holding that secret (repeatable)')
            [CompletionResult]::new('--resign-secret-file', '--resign-secret-file', [CompletionResultType]::ParameterName, 'A file of those secrets, one per line (repeatable)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Deliveries in flight at once; results are reported in the captures'' order')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'At most this many deliveries a second: 50/s')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long each step of an attempt may take: connecting, sending, waiting for the answer, reading it')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retry connection errors, 5xx and 429 this many times, with exponential backoff and jitter (Retry-After is honoured). A 2xx is never sent again')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'What counts as delivered: a status (202) or a class (4xx) [default: 2xx]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'The address the platform calls (the tunnel''s), for schemes that sign the URL (twilio, square, hubspot): the request''s path and query are added to it')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'A secret, as text (repeatable): the shared secret, or for sign and --resign of discord, sendgrid and standard v1a, the private key. Prefer --secret-env or --secret-file: other users can see command lines')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read a secret from this environment variable (repeatable)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read secrets from a file, one per line (a PEM block counts as one); ''#'' starts a comment (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'The header that carries the signature (implies --scheme hmac)')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'The MAC''s hash')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How the MAC is written')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Text before the encoded MAC, such as ''sha256=''')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb')
            [CompletionResult]::new('--keep-path', '--keep-path', [CompletionResultType]::ParameterName, 'Append each capture''s path and query to the URL')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'Show what is stored (id, time, platform, event, size, verdict) instead of sending')
            [CompletionResult]::new('--resign', '--resign', [CompletionResultType]::ParameterName, 'Sign again before sending, with a fresh timestamp (and message id) where the scheme has them, so old captures pass a receiver''s replay window (--resign-secret implies it)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send nothing; print what would be sent')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'hookscope;inspect' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store to read [default: the one listen writes to]. Edit and resend stores the requests it sends here too')
            [CompletionResult]::new('--ui-port', '--ui-port', [CompletionResultType]::ParameterName, 'The inspector''s port, on 127.0.0.1; 0 picks a free one')
            [CompletionResult]::new('--fixtures', '--fixtures', [CompletionResultType]::ParameterName, 'The directory Save as fixture writes into (made if needed); without it, the page says how to turn Save as fixture on')
            [CompletionResult]::new('--scheme', '--scheme', [CompletionResultType]::ParameterName, 'The signature scheme, for re-signing and fixtures (auto: from the captured headers)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Find each capture''s scheme and secret by its path, as listen does')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'The address the platform calls (the tunnel''s), for schemes that sign the URL (twilio, square, hubspot): the request''s path and query are added to it')
            [CompletionResult]::new('--resign-secret', '--resign-secret', [CompletionResultType]::ParameterName, 'Re-sign with this secret instead of the sender''s (its private key for discord, sendgrid, v1a): the receiver''s, or a test one. Only a capture that a secret of the sender''s verifies is re-signed (repeatable)')
            [CompletionResult]::new('--resign-secret-env', '--resign-secret-env', [CompletionResultType]::ParameterName, 'The environment variable holding that secret (repeatable)')
            [CompletionResult]::new('--resign-secret-file', '--resign-secret-file', [CompletionResultType]::ParameterName, 'A file of those secrets, one per line (repeatable)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'A secret, as text (repeatable): the shared secret, or for sign and --resign of discord, sendgrid and standard v1a, the private key. Prefer --secret-env or --secret-file: other users can see command lines')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read a secret from this environment variable (repeatable)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read secrets from a file, one per line (a PEM block counts as one); ''#'' starts a comment (repeatable)')
            [CompletionResult]::new('--public-key', '--public-key', [CompletionResultType]::ParameterName, 'A public key, as the platform shows it (repeatable): Discord''s application key (hex), a Standard Webhooks whpk_… key, SendGrid''s verification key (base64 DER or PEM). Public keys may be shown; sign takes the private key with --secret')
            [CompletionResult]::new('--public-key-env', '--public-key-env', [CompletionResultType]::ParameterName, 'Read a public key from this environment variable (repeatable)')
            [CompletionResult]::new('--public-key-file', '--public-key-file', [CompletionResultType]::ParameterName, 'Read public keys from a file, one per line (a PEM block counts as one); ''#'' starts a comment (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'The header that carries the signature (implies --scheme hmac)')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'The MAC''s hash')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How the MAC is written')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Text before the encoded MAC, such as ''sha256=''')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'hookscope;trigger' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where to send it')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Change the body before it is signed: a JSON pointer to what the sample has, and a JSON value (repeatable); /list/- adds an item. A string is written in quotes: --set ''/currency="eur"''. In a form body the pointer names the field (/auth[domain]), and null removes it')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Add a header, or replace one of the same name: ''Name: value'' (repeatable)')
            [CompletionResult]::new('--request-header', '--request-header', [CompletionResultType]::ParameterName, 'Add a header, or replace one of the same name: ''Name: value'' (repeatable)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long each step may take: connecting, sending, waiting for the answer (a Bpium request may wait for a person: listen --decide ask), reading it')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'A secret, as text (repeatable): the shared secret, or for sign and --resign of discord, sendgrid and standard v1a, the private key. Prefer --secret-env or --secret-file: other users can see command lines')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read a secret from this environment variable (repeatable)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read secrets from a file, one per line (a PEM block counts as one); ''#'' starts a comment (repeatable)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List the sample events (of PLATFORM, when given), and send nothing')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send nothing; print what would be sent')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'hookscope;help' {
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Receive webhooks locally: check, show, store and answer each delivery')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the signatures of saved deliveries and fixtures (exit 0 valid, 1 invalid, 2 error)')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Make the signature headers for a payload: fixtures, hand-made requests')
            [CompletionResult]::new('fixture', 'fixture', [CompletionResultType]::ParameterValue, 'Turn captures into fixtures fit to commit: checked, redacted, re-signed, stable names')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Resend captured deliveries (or a hand-made one) to a URL, re-signing them when asked')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Browse the stored captures in a web page on this machine (the inspector), without receiving webhooks')
            [CompletionResult]::new('trigger', 'trigger', [CompletionResultType]::ParameterValue, 'Send a platform''s sample event, real-shaped and signed: --list shows them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hookscope;help;listen' {
            break
        }
        'hookscope;help;verify' {
            break
        }
        'hookscope;help;sign' {
            break
        }
        'hookscope;help;fixture' {
            break
        }
        'hookscope;help;completions' {
            break
        }
        'hookscope;help;replay' {
            break
        }
        'hookscope;help;inspect' {
            break
        }
        'hookscope;help;trigger' {
            break
        }
        'hookscope;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
