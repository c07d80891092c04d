"""The PyTorch peer of Siamese Lens's training benchmark.

Trains the same network ([features] -> 64 -> 32 -> N, ReLU, sigmoid) with the same lossless
triplet loss, batch size, Adam optimizer and number of steps, on the same encoded features
(exported by bench/exportFeatures.ts), and prints one JSON object per line.

    python3 triplet_torch.py FEATURES_DIR --batch 256 --steps 300 --threads 1
"""
import argparse
import json
import os
import time

import numpy as np
import torch


def read_features(folder):
    with open(os.path.join(folder, "meta.json")) as meta_file:
        meta = json.load(meta_file)
    rows, features = meta["rows"], meta["features"]
    values = np.fromfile(os.path.join(folder, "features.f32"), dtype=np.float32)
    labels = np.fromfile(os.path.join(folder, "labels.i32"), dtype=np.int32)
    return values.reshape(rows, features), labels


def lossless(anchor, positive, negative, dims, eps=1e-8):
    beta = float(dims)
    pos = ((anchor - positive) ** 2).sum(dim=1)
    neg = ((anchor - negative) ** 2).sum(dim=1)
    pos_term = -torch.log(-pos / beta + 1 + eps)
    neg_term = -torch.log(-(dims - neg) / beta + 1 + eps)
    return (pos_term + neg_term).mean()


def class_balanced_triplets(labels, by_class, batch, rng):
    """Anchor classes drawn uniformly, so rare classes take part, as in Siamese Lens."""
    classes = rng.integers(0, len(by_class), size=batch)
    anchors = np.empty(batch, dtype=np.int64)
    positives = np.empty(batch, dtype=np.int64)
    negatives = rng.integers(0, len(labels), size=batch)
    for i, cls in enumerate(classes):
        members = by_class[cls]
        anchors[i] = members[rng.integers(0, len(members))]
        positives[i] = members[rng.integers(0, len(members))]
        while labels[negatives[i]] == labels[anchors[i]]:
            negatives[i] = rng.integers(0, len(labels))
    return anchors, positives, negatives


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--dims", type=int, default=3)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    rng = np.random.default_rng(1)
    values, labels = read_features(args.folder)
    by_class = [np.flatnonzero(labels == cls) for cls in np.unique(labels)]
    features = torch.from_numpy(values)

    model = torch.nn.Sequential(
        torch.nn.Linear(values.shape[1], 64),
        torch.nn.ReLU(),
        torch.nn.Linear(64, 32),
        torch.nn.ReLU(),
        torch.nn.Linear(32, args.dims),
        torch.nn.Sigmoid(),
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    batches = [class_balanced_triplets(labels, by_class, args.batch, rng) for _ in range(20)]

    def step(batch):
        anchors, positives, negatives = batch
        stacked = features[np.concatenate([anchors, positives, negatives])]
        embeddings = model(stacked)
        anchor, positive, negative = torch.split(embeddings, args.batch)
        loss = lossless(anchor, positive, negative, args.dims)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return loss.item()

    for i in range(10):
        step(batches[i % len(batches)])

    start = time.perf_counter()
    for i in range(args.steps):
        loss = step(batches[i % len(batches)])
    seconds = time.perf_counter() - start

    print(json.dumps({
        "name": f"train_triplets_per_s/pytorch/threads{args.threads}/batch{args.batch}",
        "value": round(args.steps * args.batch / seconds, 1),
        "unit": "triplets/s",
        "cores": os.cpu_count(),
        "torch": torch.__version__,
        "final_loss": round(loss, 5),
    }))


if __name__ == "__main__":
    main()
