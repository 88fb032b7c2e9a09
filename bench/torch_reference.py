#!/usr/bin/env python3
"""PyTorch reference for bench/deep.bench.ts: one training epoch of the same network on the same data shape
(2048 windows x 30 steps x 16 features, batch 64, Adam lr 1e-3, global-norm clip 1, dropout 0.1) on ONE
thread. Prints one JSON line: {"model", "seconds" (best of 2 epochs, wall), "cpuS" (process CPU time per
epoch), "torch"}. Usage: python3 bench/torch_reference.py lstm|lstm_cnn|lstm_transformer_cnn|unified
Needs torch (Debian: apt-get install python3-torch); the bench skips it when the import fails."""
import json
import math
import sys
import time

import torch
from torch import nn

torch.set_num_threads(1)
torch.manual_seed(1)
N, T, F, U, BATCH = 2048, 30, 16, 64, 64


class Net(nn.Module):
    def __init__(self, key):
        super().__init__()
        self.key = key
        width = F
        self.conv = None
        self.block = None
        self.pool = 1
        if key in ("lstm_cnn", "lstm_transformer_cnn"):
            self.conv = nn.Conv1d(F, 64, 3)
            width = 64
        if key == "lstm_transformer_cnn":
            self.pool = 2
            self.block = nn.TransformerEncoderLayer(64, 4, dim_feedforward=128, dropout=0.1, batch_first=True)
            steps = T // self.pool
            pe = torch.zeros(steps, 64)
            for t in range(steps):
                for i in range(64):
                    a = t / math.pow(10000, (2 * (i // 2)) / 64)
                    pe[t, i] = math.sin(a) if i % 2 == 0 else math.cos(a)
            self.register_buffer("pe", pe)
        self.lstm = nn.LSTM(width, U, batch_first=True)
        self.drop = nn.Dropout(0.1)
        self.heads = nn.ModuleList([nn.Linear(U, 2) for _ in range(3 if key == "unified" else 1)])

    def forward(self, x):
        if self.conv is not None:
            h = nn.functional.pad(x.transpose(1, 2), (2, 0))  # causal: left padding only
            x = torch.relu(self.conv(h)).transpose(1, 2)
            if self.pool > 1:
                b, s, d = x.shape
                x = x.reshape(b, s // self.pool, self.pool, d).mean(2)
        if self.block is not None:
            x = self.block(x + self.pe)
        out, _ = self.lstm(x)
        z = self.drop(out[:, -1])
        return [head(z) for head in self.heads]


def epoch(net, opt, x, ys):
    perm = torch.randperm(x.shape[0])
    for s in range(0, x.shape[0], BATCH):
        idx = perm[s : s + BATCH]
        outs = net(x[idx])
        loss = 0
        for out, y in zip(outs, ys):
            yb = y[idx]
            mask = yb >= 0
            loss = loss + nn.functional.cross_entropy(out[mask], yb[mask])
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        opt.step()


def main():
    key = sys.argv[1] if len(sys.argv) > 1 else "lstm"
    x = torch.randn(N, T, F)
    y = (x[:, -1, 0] + 0.5 * torch.randn(N) > 0).long()
    ys = [y] if key != "unified" else [y, torch.randint(0, 2, (N,)), torch.randint(0, 2, (N,))]
    if key == "unified":
        ys[1][-7:] = -1  # unknown labels at the end, masked like the workbench's NaN
        ys[2][-30:] = -1
    net = Net(key)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    epoch(net, opt, x[:128], [v[:128] for v in ys])  # warm-up
    best, cpu = float("inf"), 0.0
    for _ in range(2):
        t0, c0 = time.perf_counter(), time.process_time()
        epoch(net, opt, x, ys)
        best = min(best, time.perf_counter() - t0)
        cpu += time.process_time() - c0
    print(json.dumps({"model": key, "seconds": round(best, 4), "cpuS": round(cpu / 2, 4), "torch": torch.__version__}))


if __name__ == "__main__":
    main()
