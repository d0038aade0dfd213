package com.hdcsearch.online;

import com.hdcsearch.train.StepRecord;
import java.util.List;

/**
 * The online trainer's state and figures.
 *
 * @param state what it does now
 * @param paused whether an operator paused it
 * @param steps optimisation steps so far (across restarts)
 * @param lastStep the latest step's loss and per-level figures (null before the first)
 * @param bufferImages images in the replay buffer
 * @param bufferClasses classes in the replay buffer
 * @param heldOutUnseen held-out items of unseen classes
 * @param heldOutSeen held-out items of seen classes
 * @param queued changes waiting to be routed
 * @param dropped changes dropped because the queue was full
 * @param yields times it yielded to ingest
 * @param error why it stopped, or null
 * @param decisions held-out decisions, oldest first
 */
public record TrainingStatus(TrainerState state, boolean paused, long steps, StepRecord lastStep, int bufferImages,
    int bufferClasses, int heldOutUnseen, int heldOutSeen, int queued, long dropped, long yields, String error,
    List<GateRecord> decisions) {}
