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
