package com.hdcsearch.online;

/** What an item of the stream is for: training, or one of the two held-out checks a candidate model must pass. */
public enum Role {
  /** Goes to the replay buffer. */
  TRAIN,
  /** Its label is never trained on: the zero-shot check (the method's own protocol). */
  HELD_OUT_UNSEEN,
  /** Its label is trained on, this item never: the check that the seen classes are not forgotten. */
  HELD_OUT_SEEN
}
