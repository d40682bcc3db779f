
use builtin;
use str;

set edit:completion:arg-completer[hookscope] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'hookscope'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'hookscope'= {
            cand --color 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand listen 'Receive webhooks locally: check, show, store and answer each delivery'
            cand verify 'Check the signatures of saved deliveries and fixtures (exit 0 valid, 1 invalid, 2 error)'
            cand sign 'Make the signature headers for a payload: fixtures, hand-made requests'
            cand fixture 'Turn captures into fixtures fit to commit: checked, redacted, re-signed, stable names'
            cand completions 'Print a shell completion script'
            cand replay 'Resend captured deliveries (or a hand-made one) to a URL, re-signing them when asked'
            cand inspect 'Browse the stored captures in a web page on this machine (the inspector), without receiving webhooks'
            cand trigger 'Send a platform''s sample event, real-shaped and signed: --list shows them'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hookscope;listen'= {
            cand --host 'The address to listen on. Only this machine can reach the default; see SECURITY.md before you widen it'
            cand -p 'The port; 0 picks a free one (the first line printed says which)'
            cand --port 'The port; 0 picks a free one (the first line printed says which)'
            cand --scheme 'The signature scheme (for paths no --config endpoint serves)'
            cand --config 'Endpoints, schemes, secrets and rules from a TOML file (see the README). A path no endpoint serves is answered 404, unless a secret given here checks it'
            cand --store 'Where to store captures [default: $XDG_STATE_HOME/hookscope/captures or ~/.local/state/hookscope/captures]. At start, the newest 10,000 captures of the last 24 h there are remembered, so a repeat or a Bpium gap across a restart is warned of'
            cand --ui-port 'The inspector''s port, on 127.0.0.1; 0 picks a free one'
            cand --fixtures 'The directory the inspector''s Save as fixture writes into (made if needed); without it, the page says how to turn Save as fixture on'
            cand --resign-secret 'Re-sign with this secret instead of the sender''s (its private key for discord, sendgrid, v1a): the receiver''s, or a test one. Only a capture that a secret of the sender''s verifies is re-signed (repeatable)'
            cand --resign-secret-env 'The environment variable holding that secret (repeatable)'
            cand --resign-secret-file 'A file of those secrets, one per line (repeatable)'
            cand --max-requests 'Exit after this many deliveries (for CI): 0 if all were valid, 1 if not (a delivery refused unread, for its size, a stalled or cut-short body or its framing, counts, as not valid; a handshake answered does not count)'
            cand --format 'Output format'
            cand --events 'Show and forward only deliveries whose event name matches one of these globs (repeatable, or comma-separated): ''*'' matches any run of characters, ''?'' one, and case is ignored (oncrm* matches ONCRMLEADADD). A delivery with no event name matches only ''*''. The others are still checked, stored and answered, but as notifications (200 {"ok":true}: a Bpium record.before.* is not held for a rule, --decide or a question, and a record.updating gets no values); they print nothing, not even a --format json line, unless they are refused (a bad signature, not stored), they count toward --max-requests, and the summary says how many were left out. Handshakes are answered and shown whatever it says'
            cand --max-body 'Refuse larger bodies with 413: bytes, or K/KB/KiB, M/MB/MiB, G/GB/GiB, all powers of 1024 (at most 1GiB)'
            cand --body-lines 'Show at most this many lines of a body, each cut at 500 characters (the capture keeps it all)'
            cand --decide 'How to answer request-type events (Bpium record.before.*) that no rule decides. With --ui, ask puts the question on the inspector''s page too (record.updating as well, which takes field values there), and the first answer from either side is sent'
            cand --reject-message 'The message a rejection shows the user of the sending platform'
            cand --ask-timeout 'How long --decide ask waits for an answer, counted from the delivery''s arrival (Bpium gives up after 10 s)'
            cand --ask-default 'The answer to a request when --ask-timeout passes (Bpium itself treats no answer as a rejection). A field action (record.updating, asked only with --ui) is left unchanged'
            cand --forward-to 'Pass each delivery whose signature passed (or was not checked, or any with --accept-invalid) on to exactly this URL (the request''s path and query are not added), byte-exact, and answer the sender with the app''s answer. A delivery is stored before it is passed on'
            cand --forward-timeout 'How long the --forward-to app may take before the sender gets a 504'
            cand --verify-token-env 'The environment variable holding the verify token Meta''s subscription check must carry (repeatable)'
            cand --verify-token-file 'A file of verify tokens, one per line (''#'' starts a comment)'
            cand --workers 'The most deliveries handled at once while they wait on the disk, the --forward-to app or a question; more wait their turn (a question''s deadline still counts from arrival)'
            cand --max-connections 'The most connections open at once (fewer if the open-files limit is lower). Past it, the connection that has waited longest for a request is closed to make room, else the one whose body has been arriving longest; one with a delivery in hand never is, and with only those open, new connections wait their turn'
            cand --max-header-size 'The most bytes of request line and headers together (8KiB to 1MiB); a larger head is answered 431 and the connection closed. At most 100 headers; a target over 8 KiB gets 414'
            cand --header-timeout 'How long a connection may take to send a request''s head (from connecting, or from its first byte on a kept-alive connection); then 408 and the connection is closed'
            cand --idle-timeout 'How long a kept-alive connection may stay idle between requests before it is closed'
            cand --body-timeout 'How long a body may make no progress; then 408, the connection is closed and nothing is stored'
            cand --public-url 'The address the platform calls (the tunnel''s), for schemes that sign the URL (twilio, square, hubspot): the request''s path and query are added to it'
            cand --secret 'A secret, as text (repeatable): the shared secret, or for sign and --resign of discord, sendgrid and standard v1a, the private key. Prefer --secret-env or --secret-file: other users can see command lines'
            cand --secret-env 'Read a secret from this environment variable (repeatable)'
            cand --secret-file 'Read secrets from a file, one per line (a PEM block counts as one); ''#'' starts a comment (repeatable)'
            cand --public-key 'A public key, as the platform shows it (repeatable): Discord''s application key (hex), a Standard Webhooks whpk_… key, SendGrid''s verification key (base64 DER or PEM). Public keys may be shown; sign takes the private key with --secret'
            cand --public-key-env 'Read a public key from this environment variable (repeatable)'
            cand --public-key-file 'Read public keys from a file, one per line (a PEM block counts as one); ''#'' starts a comment (repeatable)'
            cand --tolerance 'How far a signed timestamp may be from now (for fixture, from the capture''s arrival) [default: the platform''s own window: 300 s for stripe, standard, slack and hubspot, 600 s twitch, 180 s calendly, 60 s linear, 5 s paddle]'
            cand --now 'Take this Unix time as now (old fixtures with their own clock)'
            cand --header 'The header that carries the signature (implies --scheme hmac)'
            cand --algorithm 'The MAC''s hash'
            cand --encoding 'How the MAC is written'
            cand --prefix 'Text before the encoded MAC, such as ''sha256='''
            cand --color 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb'
            cand --no-store 'Do not store deliveries'
            cand --ui 'Also serve the inspector: a web page on 127.0.0.1 (whatever --host is) that lists the stored deliveries, new ones as they arrive, and shows each in full. Its URL, with a token fresh for this run, is printed at start'
            cand --no-fsync 'Answer without waiting for each capture to reach the disk. Storing is several times faster, but a power cut or a system crash can lose deliveries already answered 200 (a crash of hookscope still cannot)'
            cand -q 'Print nothing per delivery'
            cand --quiet 'Print nothing per delivery'
            cand --show-secrets 'Show credentials instead of masking them: Authorization, Cookie, headers and body fields named like a token, secret, password or API key (Bitrix24''s application token among them)'
            cand --accept-invalid 'Answer deliveries with a bad signature as if valid (the failure is still shown)'
            cand --forward-handshakes 'Pass handshakes (Slack''s url_verification, Meta''s hub.challenge, X''s CRC…) on to --forward-to too, instead of answering them here'
            cand --no-tolerance 'Do not check timestamps at all (old fixtures)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'hookscope;verify'= {
            cand --body 'Check this raw body instead of captures (''-'' reads standard input)'
            cand -H 'A header that came with --body, written as curl takes it: ''Name: value'' (repeatable)'
            cand --request-header 'A header that came with --body, written as curl takes it: ''Name: value'' (repeatable)'
            cand --path 'The path and query --body was sent to, added to --public-url for schemes that sign the URL (without it, --public-url is the whole URL)'
            cand --scheme 'The signature scheme'
            cand --format 'Output format'
            cand --config 'Take each capture''s scheme and secret from the endpoint that serves its path'
            cand --public-url 'The address the platform calls (the tunnel''s), for schemes that sign the URL (twilio, square, hubspot): the request''s path and query are added to it'
            cand --secret 'A secret, as text (repeatable): the shared secret, or for sign and --resign of discord, sendgrid and standard v1a, the private key. Prefer --secret-env or --secret-file: other users can see command lines'
            cand --secret-env 'Read a secret from this environment variable (repeatable)'
            cand --secret-file 'Read secrets from a file, one per line (a PEM block counts as one); ''#'' starts a comment (repeatable)'
            cand --public-key 'A public key, as the platform shows it (repeatable): Discord''s application key (hex), a Standard Webhooks whpk_… key, SendGrid''s verification key (base64 DER or PEM). Public keys may be shown; sign takes the private key with --secret'
            cand --public-key-env 'Read a public key from this environment variable (repeatable)'
            cand --public-key-file 'Read public keys from a file, one per line (a PEM block counts as one); ''#'' starts a comment (repeatable)'
            cand --tolerance 'How far a signed timestamp may be from now (for fixture, from the capture''s arrival) [default: the platform''s own window: 300 s for stripe, standard, slack and hubspot, 600 s twitch, 180 s calendly, 60 s linear, 5 s paddle]'
            cand --now 'Take this Unix time as now (old fixtures with their own clock)'
            cand --header 'The header that carries the signature (implies --scheme hmac)'
            cand --algorithm 'The MAC''s hash'
            cand --encoding 'How the MAC is written'
            cand --prefix 'Text before the encoded MAC, such as ''sha256='''
            cand --color 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb'
            cand --no-tolerance 'Do not check timestamps at all (old fixtures)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'hookscope;sign'= {
            cand --scheme 'The signature scheme'
            cand --body 'The payload to sign (''-'' reads standard input)'
            cand --timestamp 'The signed timestamp (stripe, standard, slack, twitch, paddle, hubspot, calendly, zoom, discord, sendgrid); defaults to now'
            cand --id 'The message id (standard, twitch); defaults to a fresh one'
            cand --format 'Output format [default: headers, or curl when --url is given]'
            cand --url 'Where the curl command sends the request; implies --format curl'
            cand --path 'The request path written into a capture (--format capture), and added to --public-url [default: /]'
            cand --public-url 'The address the platform calls (the tunnel''s), for schemes that sign the URL (twilio, square, hubspot); --path is added to it'
            cand -H 'Another header to send, ''Name: value'' (repeatable): X-GitHub-Event, a User-Agent…'
            cand --request-header 'Another header to send, ''Name: value'' (repeatable): X-GitHub-Event, a User-Agent…'
            cand --secret 'A secret, as text (repeatable): the shared secret, or for sign and --resign of discord, sendgrid and standard v1a, the private key. Prefer --secret-env or --secret-file: other users can see command lines'
            cand --secret-env 'Read a secret from this environment variable (repeatable)'
            cand --secret-file 'Read secrets from a file, one per line (a PEM block counts as one); ''#'' starts a comment (repeatable)'
            cand --header 'The header that carries the signature (implies --scheme hmac)'
            cand --algorithm 'The MAC''s hash'
            cand --encoding 'How the MAC is written'
            cand --prefix 'Text before the encoded MAC, such as ''sha256='''
            cand --color 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'hookscope;fixture'= {
            cand --out 'The directory the fixtures are written to (made if needed)'
            cand --redact 'Take values out of the body (repeatable): a JSON pointer (/data/FIELDS/EMAIL), a field name glob (*email*, phone), or pii (e-mail addresses, phone numbers, names). Each value keeps its type and shape (letters x, digits 0). Needs --resign-secret: the signature no longer matches'
            cand --keep-header 'Keep a header that would be dropped as describing the capturing machine (Host, X-Forwarded-*, Accept-Encoding…) (repeatable)'
            cand --resign-secret 'Re-sign with this secret instead of the sender''s (its private key for discord, sendgrid, v1a): the receiver''s, or a test one. Only a capture that a secret of the sender''s verifies is re-signed (repeatable)'
            cand --resign-secret-env 'The environment variable holding that secret (repeatable)'
            cand --resign-secret-file 'A file of those secrets, one per line (repeatable)'
            cand --scheme 'The signature scheme (auto: from the captured headers)'
            cand --config 'Take each capture''s scheme and secret from the endpoint that serves its path'
            cand --public-url 'The address the platform calls (the tunnel''s), for schemes that sign the URL (twilio, square, hubspot): the request''s path and query are added to it'
            cand --secret 'A secret, as text (repeatable): the shared secret, or for sign and --resign of discord, sendgrid and standard v1a, the private key. Prefer --secret-env or --secret-file: other users can see command lines'
            cand --secret-env 'Read a secret from this environment variable (repeatable)'
            cand --secret-file 'Read secrets from a file, one per line (a PEM block counts as one); ''#'' starts a comment (repeatable)'
            cand --public-key 'A public key, as the platform shows it (repeatable): Discord''s application key (hex), a Standard Webhooks whpk_… key, SendGrid''s verification key (base64 DER or PEM). Public keys may be shown; sign takes the private key with --secret'
            cand --public-key-env 'Read a public key from this environment variable (repeatable)'
            cand --public-key-file 'Read public keys from a file, one per line (a PEM block counts as one); ''#'' starts a comment (repeatable)'
            cand --tolerance 'How far a signed timestamp may be from now (for fixture, from the capture''s arrival) [default: the platform''s own window: 300 s for stripe, standard, slack and hubspot, 600 s twitch, 180 s calendly, 60 s linear, 5 s paddle]'
            cand --now 'Take this Unix time as now (old fixtures with their own clock)'
            cand --header 'The header that carries the signature (implies --scheme hmac)'
            cand --algorithm 'The MAC''s hash'
            cand --encoding 'How the MAC is written'
            cand --prefix 'Text before the encoded MAC, such as ''sha256='''
            cand --color 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb'
            cand --no-tolerance 'Do not check timestamps at all (old fixtures)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'hookscope;completions'= {
            cand --color 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'hookscope;replay'= {
            cand --to 'Where to send the deliveries'
            cand -H 'Add a header, or replace one of the same name: ''Name: value'' (repeatable)'
            cand --request-header 'Add a header, or replace one of the same name: ''Name: value'' (repeatable)'
            cand --store 'The store to pick from [default: the one listen writes to]'
            cand --last 'The newest N captures (1 when N is left out), sent oldest first'
            cand --id 'The capture with this id (or a unique start or end of it)'
            cand --since 'Captures received since a time (RFC 3339) or within a span back from now (2h, 30m, 1d)'
            cand --event 'Captures whose event name matches a glob: ''record.before.*'''
            cand --platform 'Captures of one platform (its scheme''s name; bitrix also takes bitrix-token''s)'
            cand --signature 'Captures by the verdict listen recorded (repeatable): valid, invalid, unchecked'
            cand --body 'Send this hand-made payload instead of captures, signed with --scheme (''-'' reads standard input)'
            cand --path 'The path to send a hand-made payload to (appended to --to)'
            cand --scheme 'The signature scheme, for --body and --resign (auto: from the captured headers)'
            cand --config 'Find each capture''s scheme and secret (for --resign) by its path'
            cand --resign-secret 'Re-sign with this secret instead of the sender''s (its private key for discord, sendgrid, v1a): the receiver''s, or a test one. Only a capture that a secret of the sender''s verifies is re-signed (repeatable)'
            cand --resign-secret-env 'The environment variable holding that secret (repeatable)'
            cand --resign-secret-file 'A file of those secrets, one per line (repeatable)'
            cand --concurrency 'Deliveries in flight at once; results are reported in the captures'' order'
            cand --rate 'At most this many deliveries a second: 50/s'
            cand --timeout 'How long each step of an attempt may take: connecting, sending, waiting for the answer, reading it'
            cand --retries 'Retry connection errors, 5xx and 429 this many times, with exponential backoff and jitter (Retry-After is honoured). A 2xx is never sent again'
            cand --expect 'What counts as delivered: a status (202) or a class (4xx) [default: 2xx]'
            cand --format 'Output format'
            cand --public-url 'The address the platform calls (the tunnel''s), for schemes that sign the URL (twilio, square, hubspot): the request''s path and query are added to it'
            cand --secret 'A secret, as text (repeatable): the shared secret, or for sign and --resign of discord, sendgrid and standard v1a, the private key. Prefer --secret-env or --secret-file: other users can see command lines'
            cand --secret-env 'Read a secret from this environment variable (repeatable)'
            cand --secret-file 'Read secrets from a file, one per line (a PEM block counts as one); ''#'' starts a comment (repeatable)'
            cand --header 'The header that carries the signature (implies --scheme hmac)'
            cand --algorithm 'The MAC''s hash'
            cand --encoding 'How the MAC is written'
            cand --prefix 'Text before the encoded MAC, such as ''sha256='''
            cand --color 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb'
            cand --keep-path 'Append each capture''s path and query to the URL'
            cand --list 'Show what is stored (id, time, platform, event, size, verdict) instead of sending'
            cand --resign 'Sign again before sending, with a fresh timestamp (and message id) where the scheme has them, so old captures pass a receiver''s replay window (--resign-secret implies it)'
            cand --dry-run 'Send nothing; print what would be sent'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'hookscope;inspect'= {
            cand --store 'The store to read [default: the one listen writes to]. Edit and resend stores the requests it sends here too'
            cand --ui-port 'The inspector''s port, on 127.0.0.1; 0 picks a free one'
            cand --fixtures 'The directory Save as fixture writes into (made if needed); without it, the page says how to turn Save as fixture on'
            cand --scheme 'The signature scheme, for re-signing and fixtures (auto: from the captured headers)'
            cand --config 'Find each capture''s scheme and secret by its path, as listen does'
            cand --public-url 'The address the platform calls (the tunnel''s), for schemes that sign the URL (twilio, square, hubspot): the request''s path and query are added to it'
            cand --resign-secret 'Re-sign with this secret instead of the sender''s (its private key for discord, sendgrid, v1a): the receiver''s, or a test one. Only a capture that a secret of the sender''s verifies is re-signed (repeatable)'
            cand --resign-secret-env 'The environment variable holding that secret (repeatable)'
            cand --resign-secret-file 'A file of those secrets, one per line (repeatable)'
            cand --secret 'A secret, as text (repeatable): the shared secret, or for sign and --resign of discord, sendgrid and standard v1a, the private key. Prefer --secret-env or --secret-file: other users can see command lines'
            cand --secret-env 'Read a secret from this environment variable (repeatable)'
            cand --secret-file 'Read secrets from a file, one per line (a PEM block counts as one); ''#'' starts a comment (repeatable)'
            cand --public-key 'A public key, as the platform shows it (repeatable): Discord''s application key (hex), a Standard Webhooks whpk_… key, SendGrid''s verification key (base64 DER or PEM). Public keys may be shown; sign takes the private key with --secret'
            cand --public-key-env 'Read a public key from this environment variable (repeatable)'
            cand --public-key-file 'Read public keys from a file, one per line (a PEM block counts as one); ''#'' starts a comment (repeatable)'
            cand --header 'The header that carries the signature (implies --scheme hmac)'
            cand --algorithm 'The MAC''s hash'
            cand --encoding 'How the MAC is written'
            cand --prefix 'Text before the encoded MAC, such as ''sha256='''
            cand --color 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'hookscope;trigger'= {
            cand --to 'Where to send it'
            cand --set 'Change the body before it is signed: a JSON pointer to what the sample has, and a JSON value (repeatable); /list/- adds an item. A string is written in quotes: --set ''/currency="eur"''. In a form body the pointer names the field (/auth[domain]), and null removes it'
            cand -H 'Add a header, or replace one of the same name: ''Name: value'' (repeatable)'
            cand --request-header 'Add a header, or replace one of the same name: ''Name: value'' (repeatable)'
            cand --format 'Output format'
            cand --timeout 'How long each step may take: connecting, sending, waiting for the answer (a Bpium request may wait for a person: listen --decide ask), reading it'
            cand --secret 'A secret, as text (repeatable): the shared secret, or for sign and --resign of discord, sendgrid and standard v1a, the private key. Prefer --secret-env or --secret-file: other users can see command lines'
            cand --secret-env 'Read a secret from this environment variable (repeatable)'
            cand --secret-file 'Read secrets from a file, one per line (a PEM block counts as one); ''#'' starts a comment (repeatable)'
            cand --color 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb'
            cand --list 'List the sample events (of PLATFORM, when given), and send nothing'
            cand --dry-run 'Send nothing; print what would be sent'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'hookscope;help'= {
            cand listen 'Receive webhooks locally: check, show, store and answer each delivery'
            cand verify 'Check the signatures of saved deliveries and fixtures (exit 0 valid, 1 invalid, 2 error)'
            cand sign 'Make the signature headers for a payload: fixtures, hand-made requests'
            cand fixture 'Turn captures into fixtures fit to commit: checked, redacted, re-signed, stable names'
            cand completions 'Print a shell completion script'
            cand replay 'Resend captured deliveries (or a hand-made one) to a URL, re-signing them when asked'
            cand inspect 'Browse the stored captures in a web page on this machine (the inspector), without receiving webhooks'
            cand trigger 'Send a platform''s sample event, real-shaped and signed: --list shows them'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hookscope;help;listen'= {
        }
        &'hookscope;help;verify'= {
        }
        &'hookscope;help;sign'= {
        }
        &'hookscope;help;fixture'= {
        }
        &'hookscope;help;completions'= {
        }
        &'hookscope;help;replay'= {
        }
        &'hookscope;help;inspect'= {
        }
        &'hookscope;help;trigger'= {
        }
        &'hookscope;help;help'= {
        }
    ]
    $completions[$command]
}
