//! The batch manifests of docs/scale.md (deploy/): every YAML file parses,
//! and the shard and merge jobs name the right command lines: shard I of N
//! with N equal to the number of tasks, writing the parts the merge reads.

use crate::common::repo_path;

/// The value of `--flag VALUE` in a shell command line.
fn flag<'a>(command: &'a str, name: &str) -> &'a str {
    let mut words = command.split_whitespace();
    while let Some(w) = words.next() {
        if w == name {
            return words
                .next()
                .unwrap_or_else(|| panic!("{name} without a value in {command}"));
        }
    }
    panic!("no {name} in {command}")
}

fn yaml(rel: &str) -> serde_yaml::Value {
    let text = std::fs::read_to_string(repo_path(rel)).expect("manifest exists");
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The shell command of the Job's only container.
fn job_command(job: &serde_yaml::Value) -> String {
    let c = &job["spec"]["template"]["spec"]["containers"][0]["command"];
    let words: Vec<&str> = c
        .as_sequence()
        .expect("a command list")
        .iter()
        .map(|w| w.as_str().expect("a string"))
        .collect();
    assert_eq!(&words[..2], ["/bin/sh", "-c"]);
    words[2].to_string()
}

#[test]
fn kubernetes_indexed_job_runs_every_shard_and_the_merge_reads_them() {
    let job = yaml("deploy/k8s/shards.yaml");
    assert_eq!(job["kind"].as_str(), Some("Job"));
    assert_eq!(job["apiVersion"].as_str(), Some("batch/v1"));
    assert_eq!(job["spec"]["completionMode"].as_str(), Some("Indexed"));
    let n = job["spec"]["completions"].as_u64().expect("completions");
    let cmd = job_command(&job);
    assert!(cmd.starts_with("ccsim run scenarios/"), "{cmd}");
    assert!(repo_path(flag(&cmd, "run")).exists(), "{cmd}");
    assert_eq!(
        flag(&cmd, "--shard"),
        format!("\"$((JOB_COMPLETION_INDEX+1))/{n}\"")
    );
    let part = flag(&cmd, "--partial").trim_matches('"');
    assert!(part.starts_with("/results/parts/part-"), "{part}");
    let merge = yaml("deploy/k8s/merge.yaml");
    let mcmd = job_command(&merge);
    assert!(
        mcmd.starts_with("ccsim merge /results/parts/part-*.json "),
        "{mcmd}"
    );
    assert!(mcmd.contains("--json "), "{mcmd}");
    let pvc = yaml("deploy/k8s/results-pvc.yaml");
    let claim = pvc["metadata"]["name"].as_str().expect("a name");
    for j in [&job, &merge] {
        let v = &j["spec"]["template"]["spec"]["volumes"][0];
        assert_eq!(
            v["persistentVolumeClaim"]["claimName"].as_str(),
            Some(claim)
        );
    }
}

#[test]
fn slurm_array_runs_every_shard_and_the_merge_reads_them() {
    let text = std::fs::read_to_string(repo_path("deploy/slurm/shards.sbatch")).expect("script");
    assert!(text.starts_with("#!/bin/bash\n"));
    let array = text
        .lines()
        .find_map(|l| l.strip_prefix("#SBATCH --array="))
        .expect("an --array line");
    assert_eq!(array, "1-16");
    let cmd = text
        .lines()
        .find(|l| l.starts_with("ccsim "))
        .expect("a ccsim line");
    assert!(cmd.starts_with("ccsim run scenarios/"), "{cmd}");
    assert!(repo_path(flag(cmd, "run")).exists(), "{cmd}");
    assert_eq!(
        flag(cmd, "--shard"),
        "\"${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}\""
    );
    assert_eq!(
        flag(cmd, "--partial"),
        "\"parts/part-${SLURM_ARRAY_TASK_ID}.json\""
    );
    let merge = std::fs::read_to_string(repo_path("deploy/slurm/merge.sbatch")).expect("script");
    let mcmd = merge
        .lines()
        .find(|l| l.starts_with("ccsim "))
        .expect("a ccsim line");
    assert!(mcmd.starts_with("ccsim merge parts/part-*.json "), "{mcmd}");
}

#[test]
fn the_shard_command_lines_parse_as_ccsim_arguments() {
    use clap::Parser;
    let text = std::fs::read_to_string(repo_path("deploy/slurm/shards.sbatch")).expect("script");
    let cmd = text
        .lines()
        .find(|l| l.starts_with("ccsim "))
        .expect("a ccsim line");
    let line = cmd
        .replace(
            "\"${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}\"",
            "3/16",
        )
        .replace("\"${SLURM_CPUS_PER_TASK}\"", "4")
        .replace(
            "\"parts/part-${SLURM_ARRAY_TASK_ID}.json\"",
            "parts/part-3.json",
        );
    let words: Vec<&str> = line.split_whitespace().collect();
    ccsim::cli::Cli::try_parse_from(&words).unwrap_or_else(|e| panic!("{line}: {e}"));
    let merge = std::fs::read_to_string(repo_path("deploy/slurm/merge.sbatch")).expect("script");
    let mcmd = merge
        .lines()
        .find(|l| l.starts_with("ccsim "))
        .expect("a ccsim line");
    let words: Vec<&str> = mcmd.split_whitespace().collect();
    ccsim::cli::Cli::try_parse_from(&words).unwrap_or_else(|e| panic!("{mcmd}: {e}"));
}

/// The words of a shell command line with the batch system's variables
/// put in (`vars`: text to replace and its stand-in).
fn words_with(cmd: &str, vars: &[(&str, &str)]) -> Vec<String> {
    let mut line = cmd.to_string();
    for (from, to) in vars {
        line = line.replace(from, to);
    }
    line.split_whitespace().map(String::from).collect()
}

/// Checks a sweep shard's command line: it parses as `ccsim sweep`, its
/// scenario exists and its grid builds, and every one of `n` shards gets
/// grid points.
fn check_sweep_line(words: &[String], n: u64) {
    use clap::Parser;
    let cli = ccsim::cli::Cli::try_parse_from(words).unwrap_or_else(|e| panic!("{words:?}: {e}"));
    let ccsim::cli::Command::Sweep(args) = cli.command else {
        panic!("not a sweep: {words:?}")
    };
    let shard = args.shard.expect("a --shard");
    assert_eq!(u64::from(shard.count), n, "{words:?}");
    assert!(args.partial.is_some(), "{words:?}");
    let raw = ccsim::scenario::load_raw(&repo_path(&args.scenario.to_string_lossy()))
        .expect("the scenario parses");
    let varies: Vec<_> = args
        .vary
        .iter()
        .map(|v| ccsim::sweep::Vary::parse(v).expect("a --vary"))
        .collect();
    let points = ccsim::sweep::grid(&raw, &varies).expect("the grid builds");
    assert!(
        points.len() as u64 >= n,
        "{} points for {n} shards",
        points.len()
    );
}

#[test]
fn kubernetes_sweep_indexed_job_shards_the_grid_and_the_merge_reads_it() {
    let job = yaml("deploy/k8s/sweep.yaml");
    assert_eq!(job["kind"].as_str(), Some("Job"));
    assert_eq!(job["spec"]["completionMode"].as_str(), Some("Indexed"));
    let n = job["spec"]["completions"].as_u64().expect("completions");
    assert_eq!(job["spec"]["parallelism"].as_u64(), Some(n));
    let cmd = job_command(&job);
    assert!(cmd.starts_with("ccsim sweep scenarios/"), "{cmd}");
    assert_eq!(
        flag(&cmd, "--shard"),
        format!("\"$((JOB_COMPLETION_INDEX+1))/{n}\"")
    );
    let part = flag(&cmd, "--partial").trim_matches('"');
    assert_eq!(
        part,
        "/results/sweep-parts/part-$((JOB_COMPLETION_INDEX+1)).json"
    );
    check_sweep_line(
        &words_with(
            &cmd,
            &[
                (
                    &format!("\"$((JOB_COMPLETION_INDEX+1))/{n}\""),
                    &format!("5/{n}"),
                ),
                (
                    "\"/results/sweep-parts/part-$((JOB_COMPLETION_INDEX+1)).json\"",
                    "/results/sweep-parts/part-5.json",
                ),
            ],
        ),
        n,
    );
    let merge = yaml("deploy/k8s/sweep-merge.yaml");
    let mcmd = job_command(&merge);
    assert!(
        mcmd.starts_with("ccsim merge /results/sweep-parts/part-*.json "),
        "{mcmd}"
    );
    for f in ["--json", "--csv", "--report"] {
        assert!(mcmd.contains(&format!("{f} /results/")), "{mcmd}");
    }
    use clap::Parser;
    ccsim::cli::Cli::try_parse_from(mcmd.split_whitespace())
        .unwrap_or_else(|e| panic!("{mcmd}: {e}"));
    let claim = yaml("deploy/k8s/results-pvc.yaml")["metadata"]["name"]
        .as_str()
        .expect("a name")
        .to_string();
    for j in [&job, &merge] {
        let v = &j["spec"]["template"]["spec"]["volumes"][0];
        assert_eq!(
            v["persistentVolumeClaim"]["claimName"].as_str(),
            Some(claim.as_str())
        );
    }
}

#[test]
fn slurm_sweep_array_shards_the_grid_and_the_merge_reads_it() {
    let text = std::fs::read_to_string(repo_path("deploy/slurm/sweep.sbatch")).expect("script");
    assert!(text.starts_with("#!/bin/bash\n"));
    let array = text
        .lines()
        .find_map(|l| l.strip_prefix("#SBATCH --array=1-"))
        .expect("an --array=1-N line");
    let n: u64 = array.parse().expect("N");
    let cmd = text
        .lines()
        .find(|l| l.starts_with("ccsim "))
        .expect("a ccsim line");
    assert!(cmd.starts_with("ccsim sweep scenarios/"), "{cmd}");
    assert_eq!(
        flag(cmd, "--shard"),
        "\"${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}\""
    );
    assert_eq!(
        flag(cmd, "--partial"),
        "\"parts/sweep-part-${SLURM_ARRAY_TASK_ID}.json\""
    );
    check_sweep_line(
        &words_with(
            cmd,
            &[
                (
                    "\"${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}\"",
                    &format!("3/{n}"),
                ),
                ("\"${SLURM_CPUS_PER_TASK}\"", "4"),
                (
                    "\"parts/sweep-part-${SLURM_ARRAY_TASK_ID}.json\"",
                    "parts/sweep-part-3.json",
                ),
            ],
        ),
        n,
    );
    let merge =
        std::fs::read_to_string(repo_path("deploy/slurm/sweep-merge.sbatch")).expect("script");
    let mcmd = merge
        .lines()
        .find(|l| l.starts_with("ccsim "))
        .expect("a ccsim line");
    assert!(
        mcmd.starts_with("ccsim merge parts/sweep-part-*.json "),
        "{mcmd}"
    );
    use clap::Parser;
    ccsim::cli::Cli::try_parse_from(mcmd.split_whitespace())
        .unwrap_or_else(|e| panic!("{mcmd}: {e}"));
}
