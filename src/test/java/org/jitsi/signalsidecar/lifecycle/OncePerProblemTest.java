package org.jitsi.signalsidecar.lifecycle;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OncePerProblemTest {
    @Test
    void aProblemIsToldOnceWhileItLasts() {
        OncePerProblem problems = new OncePerProblem();
        assertThat(problems.isNew("refused")).isTrue();
        assertThat(problems.isNew("refused")).isFalse();
        assertThat(problems.isNew("refused")).isFalse();
    }

    @Test
    void aDifferentProblemIsToldAndSoIsTheFirstOneWhenItComesBack() {
        OncePerProblem problems = new OncePerProblem();
        problems.isNew("refused");
        assertThat(problems.isNew("timed out")).isTrue();
        assertThat(problems.isNew("refused")).isTrue();
    }

    @Test
    void aSuccessEndsTheRunSoTheSameProblemIsToldAgain() {
        OncePerProblem problems = new OncePerProblem();
        assertThat(problems.recovered()).as("nothing to recover from").isFalse();
        problems.isNew("refused");
        assertThat(problems.recovered()).isTrue();
        assertThat(problems.recovered()).isFalse();
        assertThat(problems.isNew("refused")).isTrue();
    }

    @Test
    void aProblemWithoutTextIsStillOne() {
        OncePerProblem problems = new OncePerProblem();
        assertThat(problems.isNew(null)).isTrue();
        assertThat(problems.isNew(null)).isFalse();
        assertThat(problems.recovered()).isTrue();
    }
}
