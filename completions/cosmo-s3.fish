# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_cosmo_s3_global_optspecs
    string join \n v/verbose h/help V/version
end

function __fish_cosmo_s3_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_cosmo_s3_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_cosmo_s3_using_subcommand
    set -l cmd (__fish_cosmo_s3_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c cosmo-s3 -n "__fish_cosmo_s3_needs_command" -s v -l verbose -d 'Log more on stderr (repeat for more)'
complete -c cosmo-s3 -n "__fish_cosmo_s3_needs_command" -s h -l help -d 'Print help'
complete -c cosmo-s3 -n "__fish_cosmo_s3_needs_command" -s V -l version -d 'Print version'
complete -c cosmo-s3 -n "__fish_cosmo_s3_needs_command" -f -a "check" -d 'Validate S3 settings against the schemas and the rule catalogue'
complete -c cosmo-s3 -n "__fish_cosmo_s3_needs_command" -f -a "resolve" -d 'Show every S3 client a component builds and what it will really use'
complete -c cosmo-s3 -n "__fish_cosmo_s3_needs_command" -f -a "migrate" -d 'Rewrite legacy configs into the new shape (prints a diff unless --write)'
complete -c cosmo-s3 -n "__fish_cosmo_s3_needs_command" -f -a "probe" -d 'Work out the credentials a component would obtain and try a read-only HeadBucket'
complete -c cosmo-s3 -n "__fish_cosmo_s3_needs_command" -f -a "schema" -d 'Print the JSON Schema (draft 2020-12) of a component\'s S3 settings'
complete -c cosmo-s3 -n "__fish_cosmo_s3_needs_command" -f -a "explain" -d 'Explain a rule: what it checks, why, an example, and how safe its fix is'
complete -c cosmo-s3 -n "__fish_cosmo_s3_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c cosmo-s3 -n "__fish_cosmo_s3_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand check" -l kind -d 'What the files are; `auto` judges by name, folder and content' -r -f -a "auto\t'Judge each file by its extension, path and variables'
router\t''
router-env\t''
controlplane\t''
cdn\t''"
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand check" -l env-file -d 'Variables for `${NAME}` in router YAML, read with the component\'s env rules (repeatable, later files win)' -r -F
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand check" -l target -d 'Which Cosmo release behaviour to judge against' -r -f -a "next\t'Session tokens everywhere, empty keys use the default chain (default)'
current\t'Empty keys use the default chain (PR 3116); no session tokens'
legacy\t'Before the default-chain fix: Node components throw on empty keys; no session tokens'"
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand check" -l format -d 'Output format' -r -f -a "human\t'Readable text with snippets (colour on a terminal; NO_COLOR honoured)'
json\t'One JSON object, `"version": 1` (README documents the shape)'"
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand check" -l ignore -d 'Drop a rule by code or name (repeatable)' -r
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand check" -l env-from-process -d 'Also use the process environment for `${NAME}` (after --env-file files)'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand check" -l deny-warnings -d 'Exit 1 on warnings too'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand check" -s v -l verbose -d 'Log more on stderr (repeat for more)'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand check" -s V -l version -d 'Print version'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand resolve" -l kind -d 'What the files are; `auto` judges by name, folder and content' -r -f -a "auto\t'Judge each file by its extension, path and variables'
router\t''
router-env\t''
controlplane\t''
cdn\t''"
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand resolve" -l env-file -d 'Variables for `${NAME}` in router YAML, read with the component\'s env rules (repeatable, later files win)' -r -F
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand resolve" -l target -d 'Which Cosmo release behaviour to judge against' -r -f -a "next\t'Session tokens everywhere, empty keys use the default chain (default)'
current\t'Empty keys use the default chain (PR 3116); no session tokens'
legacy\t'Before the default-chain fix: Node components throw on empty keys; no session tokens'"
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand resolve" -l format -d 'Output format' -r -f -a "human\t'Readable text with snippets (colour on a terminal; NO_COLOR honoured)'
json\t'One JSON object, `"version": 1` (README documents the shape)'"
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand resolve" -l env-from-process -d 'Also use the process environment for `${NAME}` (after --env-file files)'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand resolve" -s v -l verbose -d 'Log more on stderr (repeat for more)'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand resolve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand resolve" -s V -l version -d 'Print version'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand migrate" -l kind -d 'What the files are; `auto` judges by name, folder and content' -r -f -a "auto\t'Judge each file by its extension, path and variables'
router\t''
router-env\t''
controlplane\t''
cdn\t''"
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand migrate" -l env-file -d 'Variables for `${NAME}` in router YAML, read with the component\'s env rules (repeatable, later files win)' -r -F
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand migrate" -l target -d 'Which Cosmo release behaviour to judge against' -r -f -a "next\t'Session tokens everywhere, empty keys use the default chain (default)'
current\t'Empty keys use the default chain (PR 3116); no session tokens'
legacy\t'Before the default-chain fix: Node components throw on empty keys; no session tokens'"
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand migrate" -l format -d 'Output format' -r -f -a "human\t'Readable text with snippets (colour on a terminal; NO_COLOR honoured)'
json\t'One JSON object, `"version": 1` (README documents the shape)'"
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand migrate" -l env-from-process -d 'Also use the process environment for `${NAME}` (after --env-file files)'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand migrate" -l write -d 'Apply the fixes to the files (safe ones, plus unsafe ones with --unsafe-fixes)'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand migrate" -l unsafe-fixes -d 'Include fixes that change behaviour to repair a bug'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand migrate" -l check -d 'Exit 1 when the chosen fixes would change something; write nothing'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand migrate" -s v -l verbose -d 'Log more on stderr (repeat for more)'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand migrate" -s V -l version -d 'Print version'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand probe" -l router -d 'Probe the router\'s S3 providers from this config YAML' -r -F
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand probe" -l provider -d 'Only this router provider id' -r
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand probe" -l controlplane -d 'Probe the controlplane\'s primary (and failover) storage from this env file' -r -F
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand probe" -l cdn -d 'Probe the cdn-server\'s storage from this env file' -r -F
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand probe" -l env-file -d 'Extra variables, read with the component\'s env rules (repeatable, later files win)' -r -F
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand probe" -l target -d 'Which Cosmo release behaviour to model' -r -f -a "next\t'Session tokens everywhere, empty keys use the default chain (default)'
current\t'Empty keys use the default chain (PR 3116); no session tokens'
legacy\t'Before the default-chain fix: Node components throw on empty keys; no session tokens'"
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand probe" -l timeout -d 'Bound the whole probe, in seconds' -r
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand probe" -l sts-endpoint -d 'STS endpoint for web identity (testing)' -r
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand probe" -l format -d 'Output format' -r -f -a "human\t'Readable text with snippets (colour on a terminal; NO_COLOR honoured)'
json\t'One JSON object, `"version": 1` (README documents the shape)'"
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand probe" -l dry-run -d 'Resolve the chain without network and print the request; send nothing'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand probe" -l offline -d 'Use only credential sources that need no network (static, environment, token files)'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand probe" -s v -l verbose -d 'Log more on stderr (repeat for more)'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand probe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand probe" -s V -l version -d 'Print version'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand schema" -s v -l verbose -d 'Log more on stderr (repeat for more)'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand schema" -s h -l help -d 'Print help'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand schema" -s V -l version -d 'Print version'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand explain" -l list -d 'List every rule with its code, name and default severity'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand explain" -s v -l verbose -d 'Log more on stderr (repeat for more)'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand explain" -s h -l help -d 'Print help'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand explain" -s V -l version -d 'Print version'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand completions" -s v -l verbose -d 'Log more on stderr (repeat for more)'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand completions" -s h -l help -d 'Print help'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand completions" -s V -l version -d 'Print version'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand help; and not __fish_seen_subcommand_from check resolve migrate probe schema explain completions help" -f -a "check" -d 'Validate S3 settings against the schemas and the rule catalogue'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand help; and not __fish_seen_subcommand_from check resolve migrate probe schema explain completions help" -f -a "resolve" -d 'Show every S3 client a component builds and what it will really use'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand help; and not __fish_seen_subcommand_from check resolve migrate probe schema explain completions help" -f -a "migrate" -d 'Rewrite legacy configs into the new shape (prints a diff unless --write)'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand help; and not __fish_seen_subcommand_from check resolve migrate probe schema explain completions help" -f -a "probe" -d 'Work out the credentials a component would obtain and try a read-only HeadBucket'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand help; and not __fish_seen_subcommand_from check resolve migrate probe schema explain completions help" -f -a "schema" -d 'Print the JSON Schema (draft 2020-12) of a component\'s S3 settings'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand help; and not __fish_seen_subcommand_from check resolve migrate probe schema explain completions help" -f -a "explain" -d 'Explain a rule: what it checks, why, an example, and how safe its fix is'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand help; and not __fish_seen_subcommand_from check resolve migrate probe schema explain completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c cosmo-s3 -n "__fish_cosmo_s3_using_subcommand help; and not __fish_seen_subcommand_from check resolve migrate probe schema explain completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
