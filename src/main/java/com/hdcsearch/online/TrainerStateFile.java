package com.hdcsearch.online;

import com.hdcsearch.model.CascadeConfig;

/**
 * What an online trainer's state directory says about itself ({@value #FILE}), beside the network's parameters and
 * the optimizer's moments. Written last, so a directory with it is complete.
 *
 * @param steps optimisation steps taken
 * @param seed the training seed (the augmentation of step n is derived from seed and n)
 * @param freshShare share of each batch's classes drawn from fresh arrivals
 * @param model the network's shape, to load its parameters
 */
record TrainerStateFile(long steps, long seed, double freshShare, CascadeConfig model) {
  static final String FILE = "trainer-state.json";
}
