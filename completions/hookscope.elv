
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
            cand verify 'Check the signatures of saved deliveries and fixtures (exit 0 valid, 1 invalid, 2 error)'
            cand sign 'Make the signature headers for a payload: fixtures, hand-made requests'
            cand completions 'Print a shell completion script'
            cand listen 'Not in this build yet: the local receiver'
            cand replay 'Not in this build yet: resend captured deliveries'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hookscope;verify'= {
            cand --body 'Check this raw body instead of captures (''-'' reads standard input)'
            cand -H 'A header that came with --body, written as curl takes it: ''Name: value'' (repeatable)'
            cand --request-header 'A header that came with --body, written as curl takes it: ''Name: value'' (repeatable)'
            cand --scheme 'The signature scheme'
            cand --format 'Output format'
            cand --secret 'A secret, as text (repeatable). Prefer --secret-env or --secret-file: other users can see command lines'
            cand --secret-env 'Read a secret from this environment variable (repeatable)'
            cand --secret-file 'Read secrets from a file, one per line; ''#'' starts a comment (repeatable)'
            cand --tolerance 'How far a signed timestamp may be from now'
            cand --now 'Take this Unix time as now (old fixtures with their own clock)'
            cand --header 'The header that carries the signature'
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
            cand --timestamp 'The signed timestamp (stripe, standard, slack); defaults to now'
            cand --id 'The message id (standard); defaults to a fresh one'
            cand --format 'Output format'
            cand --url 'Where the curl command sends the request (--format curl)'
            cand --path 'The request path written into a capture (--format capture)'
            cand -H 'Another header to send, ''Name: value'' (repeatable): X-GitHub-Event, a User-Agent…'
            cand --request-header 'Another header to send, ''Name: value'' (repeatable): X-GitHub-Event, a User-Agent…'
            cand --secret 'A secret, as text (repeatable). Prefer --secret-env or --secret-file: other users can see command lines'
            cand --secret-env 'Read a secret from this environment variable (repeatable)'
            cand --secret-file 'Read secrets from a file, one per line; ''#'' starts a comment (repeatable)'
            cand --header 'The header that carries the signature'
            cand --algorithm 'The MAC''s hash'
            cand --encoding 'How the MAC is written'
            cand --prefix 'Text before the encoded MAC, such as ''sha256='''
            cand --color 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'hookscope;completions'= {
            cand --color 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'hookscope;listen'= {
            cand --color 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'hookscope;replay'= {
            cand --color 'When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'hookscope;help'= {
            cand verify 'Check the signatures of saved deliveries and fixtures (exit 0 valid, 1 invalid, 2 error)'
            cand sign 'Make the signature headers for a payload: fixtures, hand-made requests'
            cand completions 'Print a shell completion script'
            cand listen 'Not in this build yet: the local receiver'
            cand replay 'Not in this build yet: resend captured deliveries'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hookscope;help;verify'= {
        }
        &'hookscope;help;sign'= {
        }
        &'hookscope;help;completions'= {
        }
        &'hookscope;help;listen'= {
        }
        &'hookscope;help;replay'= {
        }
        &'hookscope;help;help'= {
        }
    ]
    $completions[$command]
}
