/**
 * Black-box explanation of detectors: a detector seen only as images in, {@link
 * io.gradstream.explain.audit.Proposal proposals} out ({@link
 * io.gradstream.explain.audit.ProposalModel}), and D-RISE saliency maps computed from it in
 * model-input space.
 */
package io.gradstream.explain.audit;
