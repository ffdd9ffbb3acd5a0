
use builtin;
use str;

set edit:completion:arg-completer[cosmo-s3] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'cosmo-s3'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'cosmo-s3'= {
            cand -v 'Log more on stderr (repeat for more)'
            cand --verbose 'Log more on stderr (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Validate S3 settings against the schemas and the rule catalogue'
            cand resolve 'Show every S3 client a component builds and what it will really use'
            cand migrate 'Rewrite legacy configs into the new shape (prints a diff unless --write)'
            cand probe 'Work out the credentials a component would obtain and try a read-only HeadBucket'
            cand schema 'Print the JSON Schema (draft 2020-12) of a component''s S3 settings'
            cand explain 'Explain a rule: what it checks, why, an example, and how safe its fix is'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cosmo-s3;check'= {
            cand --kind 'What the files are; `auto` judges by name, folder and content'
            cand --env-file 'Variables for `${NAME}` in router YAML, read with the component''s env rules (repeatable, later files win)'
            cand --target 'Which Cosmo release behaviour to judge against'
            cand --format 'Output format'
            cand --ignore 'Drop a rule by code or name (repeatable)'
            cand --env-from-process 'Also use the process environment for `${NAME}` (after --env-file files)'
            cand --deny-warnings 'Exit 1 on warnings too'
            cand -v 'Log more on stderr (repeat for more)'
            cand --verbose 'Log more on stderr (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cosmo-s3;resolve'= {
            cand --kind 'What the files are; `auto` judges by name, folder and content'
            cand --env-file 'Variables for `${NAME}` in router YAML, read with the component''s env rules (repeatable, later files win)'
            cand --target 'Which Cosmo release behaviour to judge against'
            cand --format 'Output format'
            cand --env-from-process 'Also use the process environment for `${NAME}` (after --env-file files)'
            cand -v 'Log more on stderr (repeat for more)'
            cand --verbose 'Log more on stderr (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cosmo-s3;migrate'= {
            cand --kind 'What the files are; `auto` judges by name, folder and content'
            cand --env-file 'Variables for `${NAME}` in router YAML, read with the component''s env rules (repeatable, later files win)'
            cand --target 'Which Cosmo release behaviour to judge against'
            cand --format 'Output format'
            cand --env-from-process 'Also use the process environment for `${NAME}` (after --env-file files)'
            cand --write 'Apply the fixes to the files (safe ones, plus unsafe ones with --unsafe-fixes)'
            cand --unsafe-fixes 'Include fixes that change behaviour to repair a bug'
            cand --check 'Exit 1 when the chosen fixes would change something; write nothing'
            cand -v 'Log more on stderr (repeat for more)'
            cand --verbose 'Log more on stderr (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cosmo-s3;probe'= {
            cand --router 'Probe the router''s S3 providers from this config YAML'
            cand --provider 'Only this router provider id'
            cand --controlplane 'Probe the controlplane''s primary (and failover) storage from this env file'
            cand --cdn 'Probe the cdn-server''s storage from this env file'
            cand --env-file 'Extra variables, read with the component''s env rules (repeatable, later files win)'
            cand --target 'Which Cosmo release behaviour to model'
            cand --timeout 'Bound the whole probe, in seconds'
            cand --sts-endpoint 'STS endpoint for web identity (testing)'
            cand --format 'Output format'
            cand --dry-run 'Resolve the chain without network and print the request; send nothing'
            cand --offline 'Use only credential sources that need no network (static, environment, token files)'
            cand -v 'Log more on stderr (repeat for more)'
            cand --verbose 'Log more on stderr (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cosmo-s3;schema'= {
            cand -v 'Log more on stderr (repeat for more)'
            cand --verbose 'Log more on stderr (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cosmo-s3;explain'= {
            cand --list 'List every rule with its code, name and default severity'
            cand -v 'Log more on stderr (repeat for more)'
            cand --verbose 'Log more on stderr (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cosmo-s3;completions'= {
            cand -v 'Log more on stderr (repeat for more)'
            cand --verbose 'Log more on stderr (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cosmo-s3;help'= {
            cand check 'Validate S3 settings against the schemas and the rule catalogue'
            cand resolve 'Show every S3 client a component builds and what it will really use'
            cand migrate 'Rewrite legacy configs into the new shape (prints a diff unless --write)'
            cand probe 'Work out the credentials a component would obtain and try a read-only HeadBucket'
            cand schema 'Print the JSON Schema (draft 2020-12) of a component''s S3 settings'
            cand explain 'Explain a rule: what it checks, why, an example, and how safe its fix is'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cosmo-s3;help;check'= {
        }
        &'cosmo-s3;help;resolve'= {
        }
        &'cosmo-s3;help;migrate'= {
        }
        &'cosmo-s3;help;probe'= {
        }
        &'cosmo-s3;help;schema'= {
        }
        &'cosmo-s3;help;explain'= {
        }
        &'cosmo-s3;help;completions'= {
        }
        &'cosmo-s3;help;help'= {
        }
    ]
    $completions[$command]
}
