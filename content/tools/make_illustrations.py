#!/usr/bin/env python3
"""Regenerate every illustration of the sample exhibition with ImageMagick.

Usage: python3 content/tools/make_illustrations.py [--only NAME_SUBSTRING]

No photographs: each picture is composed from gradients, patterns and motifs
(clouds, waves, mountains, porcelain, batik, kente, tapa, film, pixels, ...)
drawn as MVG vector commands, with paper grain, a soft vignette and a small
"Sample illustration" mark in a corner. Output is deterministic (seeded).
Requires ImageMagick 6 (`convert`) and the Noto fonts (fonts-noto-core,
fonts-noto-cjk).
"""
import math
import os
import random
import subprocess
import sys

CONTENT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LABEL = "Sample illustration"
SERIF_CJK = "Noto-Serif-CJK-SC"
SANS = "Noto-Sans-Regular"


def hexa(color, alpha=1.0):
    """'#rrggbb' + alpha -> MVG colour string."""
    if alpha >= 1.0:
        return color
    return "%s%02x" % (color, int(round(alpha * 255)))


def mix(c1, c2, t):
    a = [int(c1[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(c2[i:i + 2], 16) for i in (1, 3, 5)]
    return "#%02x%02x%02x" % tuple(int(round(x + (y - x) * t)) for x, y in zip(a, b))


class Canvas:
    """Collects MVG commands on three layers: mist (blurred), soft, sharp."""

    def __init__(self, w, h, seed):
        self.w, self.h = w, h
        self.layers = {"mist": [], "soft": [], "sharp": []}
        self.rng = random.Random(seed)
        self.texts = []

    def _emit(self, layer, body, fill="none", stroke="none", sw=1.0, fa=1.0, sa=1.0, tf=None):
        cmd = ["push graphic-context"]
        if tf:
            cmd.append(tf)
        cmd.append("fill '%s'" % (hexa(fill, fa) if fill != "none" else "none"))
        cmd.append("stroke '%s'" % (hexa(stroke, sa) if stroke != "none" else "none"))
        cmd.append("stroke-width %.2f" % sw)
        cmd.append("stroke-linecap round")
        cmd.append("stroke-linejoin round")
        cmd.append(body)
        cmd.append("pop graphic-context")
        self.layers[layer].append("\n".join(cmd))

    def poly(self, pts, layer="sharp", **kw):
        self._emit(layer, "polygon " + " ".join("%.1f,%.1f" % p for p in pts), **kw)

    def polyline(self, pts, layer="sharp", **kw):
        self._emit(layer, "polyline " + " ".join("%.1f,%.1f" % p for p in pts), **kw)

    def circle(self, x, y, r, layer="sharp", **kw):
        self._emit(layer, "circle %.1f,%.1f %.1f,%.1f" % (x, y, x + r, y), **kw)

    def ellipse(self, x, y, rx, ry, angle=0, layer="sharp", **kw):
        tf = "translate %.1f,%.1f rotate %.2f" % (x, y, angle)
        self._emit(layer, "ellipse 0,0 %.1f,%.1f 0,360" % (rx, ry), tf=tf, **kw)

    def rect(self, x0, y0, x1, y1, layer="sharp", r=0, angle=0, **kw):
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        hw, hh = (x1 - x0) / 2, (y1 - y0) / 2
        tf = "translate %.1f,%.1f rotate %.2f" % (cx, cy, angle)
        if r:
            body = "roundrectangle %.1f,%.1f %.1f,%.1f %.1f,%.1f" % (-hw, -hh, hw, hh, r, r)
        else:
            body = "rectangle %.1f,%.1f %.1f,%.1f" % (-hw, -hh, hw, hh)
        self._emit(layer, body, tf=tf, **kw)

    def path(self, d, layer="sharp", tf=None, **kw):
        self._emit(layer, "path '%s'" % d, tf=tf, **kw)

    def line(self, x0, y0, x1, y1, layer="sharp", **kw):
        self._emit(layer, "line %.1f,%.1f %.1f,%.1f" % (x0, y0, x1, y1), **kw)

    def text(self, x, y, s, font, size, color, alpha=1.0, angle=0):
        """Text drawn with -annotate (x, y = centre)."""
        self.texts.append((x, y, s, font, size, color, alpha, angle))


def render(c, out, bg, direction=135, mist_blur=None, soft_blur=None, glyph=None,
           label_dark=False, vignette=0.38, grain=0.55, quality=85):
    """Compose the layers over a background gradient and write a JPEG."""
    w, h = c.w, c.h
    mist_blur = mist_blur if mist_blur is not None else max(w, h) / 60
    soft_blur = soft_blur if soft_blur is not None else max(w, h) / 400
    args = ["convert", "-size", "%dx%d" % (w, h)]
    if direction == "radial":
        args += ["radial-gradient:%s-%s" % (bg[0], bg[1])]
    else:
        args += ["-define", "gradient:angle=%d" % direction, "gradient:%s-%s" % (bg[0], bg[1])]
    if glyph:
        ch, gx, gy, gsize, gcolor, galpha = glyph
        args += ["-gravity", "center", "-font", SERIF_CJK, "-pointsize", str(gsize),
                 "-fill", hexa(gcolor, galpha), "-annotate", "+%d+%d" % (gx, gy), ch,
                 "-gravity", "NorthWest"]
    for name, blur in (("mist", mist_blur), ("soft", soft_blur), ("sharp", 0)):
        cmds = c.layers[name]
        if not cmds:
            continue
        # Draw commands go on the command line in chunks (ImageMagick's default
        # security policy forbids reading "@file" arguments).
        layer = ["(", "-size", "%dx%d" % (w, h), "xc:none"]
        chunk, size = [], 0
        for cmd in cmds + [None]:
            if cmd is None or size + len(cmd) > 100000:
                if chunk:
                    layer += ["-draw", "\n".join(chunk)]
                chunk, size = [], 0
            if cmd is not None:
                chunk.append(cmd)
                size += len(cmd) + 1
        if blur:
            layer += ["-channel", "RGBA", "-blur", "0x%.1f" % blur, "+channel"]
        layer += [")", "-compose", "over", "-composite"]
        args += layer
    for (x, y, s, font, size, color, alpha, angle) in c.texts:
        args += ["-gravity", "center", "-font", font, "-pointsize", str(size), "-fill", hexa(color, alpha),
                 "-annotate", "%+.0f%+.0f+%d+%d" % (angle, angle, x - w / 2, y - h / 2) if False else
                 "%dx%d%+d%+d" % (angle, angle, x - w / 2, y - h / 2), s, "-gravity", "NorthWest"]
    if grain:
        args += ["(", "-size", "%dx%d" % (w, h), "xc:gray50", "-seed", "7", "-attenuate", str(grain),
                 "+noise", "Gaussian", "-colorspace", "Gray", "-blur", "0x0.5", ")",
                 "-compose", "SoftLight", "-composite"]
    if vignette:
        lo = int(100 - vignette * 100)
        args += ["(", "-size", "%dx%d" % (w, h), "radial-gradient:gray100-gray%d" % lo,
                 "-level", "0%,100%,0.8", ")", "-compose", "Multiply", "-composite"]
    m = max(10, int(h * 0.022))
    args += ["-compose", "over", "-gravity", "SouthEast", "-font", SANS,
             "-pointsize", str(max(13, int(h * 0.019))),
             "-fill", "#1a1a1aa0" if label_dark else "#ffffff99",
             "-annotate", "+%d+%d" % (int(m * 1.3), m), LABEL]
    args += ["-strip", "-interlace", "None", "-sampling-factor", "4:2:0", "-quality", str(quality), out]
    os.makedirs(os.path.dirname(out), exist_ok=True)
    subprocess.run(args, check=True)


# --------------------------------------------------------------------------
# Motifs
# --------------------------------------------------------------------------

def ridge(c, y0, amp, color, alpha=1.0, layer="sharp", freq=1.0, seed_shift=0, steps=90):
    """A mountain silhouette from y0 (baseline) downwards to the bottom."""
    rng = random.Random(c.rng.random() + seed_shift)
    ph = [rng.uniform(0, 6.28) for _ in range(4)]
    fr = [1.3, 2.9, 6.1, 13.7]
    am = [1.0, 0.45, 0.18, 0.07]
    pts = []
    for i in range(steps + 1):
        x = c.w * i / steps
        t = x / c.w * freq
        v = sum(a * math.sin(f * t * 3.14 + p) for a, f, p in zip(am, fr, ph))
        pts.append((x, y0 - amp * (0.5 + 0.5 * v / 1.7)))
    pts += [(c.w, c.h + 5), (0, c.h + 5)]
    c.poly(pts, layer=layer, fill=color, fa=alpha)


def mist(c, y, color="#ffffff", alpha=0.35, n=6):
    for _ in range(n):
        x = c.rng.uniform(-0.1, 1.1) * c.w
        c.ellipse(x, y + c.rng.uniform(-0.03, 0.03) * c.h, c.rng.uniform(0.15, 0.35) * c.w,
                  c.rng.uniform(0.02, 0.05) * c.h, layer="mist", fill=color, fa=alpha)


def cloud(c, x, y, s, fill, line, alpha=1.0, layer="sharp", sw=None):
    """Stylised auspicious cloud (xiangyun): outlined lobes with one curl each."""
    sw = sw or max(2, s * 0.06)
    lobes = [(-0.95, 0.2, 0.5), (0, -0.1, 0.72), (0.95, 0.15, 0.56)]
    for dx, dy, r in lobes:
        c.circle(x + dx * s, y + dy * s, r * s, layer=layer, fill=fill, fa=alpha, stroke=line, sw=sw, sa=alpha)
    c.rect(x - 1.45 * s, y + 0.2 * s, x + 1.5 * s, y + 0.71 * s, r=0.25 * s, layer=layer, fill=fill, fa=alpha,
           stroke=line, sw=sw, sa=alpha)
    for dx, dy, r in lobes:
        cx, cy = x + dx * s, y + dy * s
        pts = []
        for k in range(33):
            a = math.pi * 0.2 + k / 32 * 1.5 * math.pi
            rr = r * s * (0.55 - 0.25 * k / 32)
            pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
        c.polyline(pts, layer=layer, stroke=line, sw=sw * 0.8, sa=alpha)


def waves(c, x0, y0, x1, y1, r, bgc, line, rings=5, sw=3, alpha=1.0, layer="sharp"):
    """Rows of concentric half circles (sea-wave pattern)."""
    row = 0
    y = y0
    while y < y1 + r:
        off = (r if row % 2 else 0)
        x = x0 - off
        while x < x1 + 2 * r:
            for k in range(rings):
                rr = r * (1 - k / rings)
                c.circle(x, y, rr, layer=layer, fill=bgc if k == 0 else "none", fa=alpha,
                         stroke=line, sw=sw, sa=alpha)
            x += 2 * r
        y += r * 0.5
        row += 1


def pixels(c, x0, y0, x1, y1, cell, colors, density_fn, alpha=1.0, gap=0.14):
    for gx in range(int(x0 // cell), int(x1 // cell) + 1):
        for gy in range(int(y0 // cell), int(y1 // cell) + 1):
            x, y = gx * cell, gy * cell
            d = density_fn(x, y)
            if c.rng.random() < d:
                col = c.rng.choice(colors)
                g = cell * gap
                c.rect(x + g, y + g, x + cell - g, y + cell - g, fill=col, fa=alpha * min(1, 0.35 + d))


def blob_field(c, centres):
    def f(x, y):
        v = 0
        for (cx, cy, r) in centres:
            v += math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * r * r))
        return min(1.0, v * 1.1)
    return f


def petals(c, x, y, n, r_in, r_out, width, fill, alpha=1.0, rot=0, layer="sharp", stroke="none", sw=1):
    for k in range(n):
        a = rot + k * 360 / n
        ar = math.radians(a)
        mx, my = x + (r_in + r_out) / 2 * math.cos(ar), y + (r_in + r_out) / 2 * math.sin(ar)
        c.ellipse(mx, my, (r_out - r_in) / 2, width, angle=a, layer=layer, fill=fill, fa=alpha,
                  stroke=stroke, sw=sw)


def lotus(c, x, y, s, fill, line, alpha=1.0):
    for k, a in enumerate((-70, -40, -12, 12, 40, 70, 0)):
        ar = math.radians(a - 90)
        tip = (x + s * math.cos(ar), y + s * math.sin(ar))
        left = math.radians(a - 90 - 22)
        right = math.radians(a - 90 + 22)
        d = "M %.1f,%.1f Q %.1f,%.1f %.1f,%.1f Q %.1f,%.1f %.1f,%.1f Z" % (
            x, y, x + s * 0.7 * math.cos(left), y + s * 0.7 * math.sin(left), tip[0], tip[1],
            x + s * 0.7 * math.cos(right), y + s * 0.7 * math.sin(right), x, y)
        c.path(d, fill=mix(fill, "#ffffff", 0.15 * (k % 2)), fa=alpha, stroke=line, sw=max(1.5, s * 0.012))


def film_strip(c, x, y, length, height, angle, body, frame_colors, alpha=1.0):
    """Film strip centred at (x, y), rotated by angle (degrees)."""
    tf = "translate %.1f,%.1f rotate %.2f" % (x, y, angle)
    hl, hh = length / 2, height / 2
    c._emit("sharp", "rectangle %.1f,%.1f %.1f,%.1f" % (-hl, -hh, hl, hh), fill=body, fa=alpha, tf=tf)
    hole_w, hole_h = height * 0.07, height * 0.09
    step = height * 0.16
    k = -hl + step / 2
    while k < hl - hole_w:
        for yy in (-hh + height * 0.06, hh - height * 0.06 - hole_h):
            c._emit("sharp", "roundrectangle %.1f,%.1f %.1f,%.1f 2,2" % (k, yy, k + hole_w, yy + hole_h),
                    fill="#f2e9d8", fa=0.85 * alpha, tf=tf)
        k += step
    fw = height * 0.95
    k = -hl + height * 0.1
    i = 0
    while k + fw < hl:
        col = frame_colors[i % len(frame_colors)]
        c._emit("sharp", "rectangle %.1f,%.1f %.1f,%.1f" % (k, -hh * 0.68, k + fw, hh * 0.68),
                fill=col, fa=alpha, tf=tf)
        k += fw + height * 0.08
        i += 1


def star(c, x, y, r, fill, alpha=1.0, n=5, inner=0.45, rot=-90):
    pts = []
    for k in range(2 * n):
        rr = r if k % 2 == 0 else r * inner
        a = math.radians(rot + k * 180 / n)
        pts.append((x + rr * math.cos(a), y + rr * math.sin(a)))
    c.poly(pts, fill=fill, fa=alpha)


def roof(c, x, y, w, h, color, alpha=1.0, layer="sharp"):
    """A hall with an upswept roof; (x, y) is the bottom centre of the roof."""
    tip = y - h * 0.42
    d = ("M %.1f,%.1f Q %.1f,%.1f %.1f,%.1f L %.1f,%.1f Q %.1f,%.1f %.1f,%.1f "
         "Q %.1f,%.1f %.1f,%.1f L %.1f,%.1f Q %.1f,%.1f %.1f,%.1f Z") % (
        x - w / 2, tip,
        x - w * 0.36, y - h * 0.02, x - w * 0.22, y,
        x + w * 0.22, y,
        x + w * 0.36, y - h * 0.02, x + w / 2, tip,
        x + w * 0.26, y - h * 0.45, x + w * 0.17, y - h,
        x - w * 0.17, y - h,
        x - w * 0.26, y - h * 0.45, x - w / 2, tip)
    c.path(d, layer=layer, fill=color, fa=alpha)
    c.rect(x - w * 0.3, y - 2, x + w * 0.3, y + h * 0.9, layer=layer, fill=color, fa=alpha)
    c.rect(x - w * 0.22, y - h * 1.08, x + w * 0.22, y - h * 0.98, layer=layer, fill=color, fa=alpha)


# --------------------------------------------------------------------------
# Pictures
# --------------------------------------------------------------------------
P = {}


def picture(name):
    def deco(fn):
        P[name] = fn
        return fn
    return deco


def item_path(item, f):
    return os.path.join(CONTENT, "items", item, f)


W, H = 1600, 1000


@picture("black-myth-wukong/cover")
def _(out):
    c = Canvas(W, H, 1)
    for i, (y, col) in enumerate([(560, "#2a3d73"), (660, "#1f2d58"), (780, "#152042")]):
        ridge(c, y, 260 - i * 40, col, freq=1.2 + i * 0.4)
        mist(c, y + 40, "#c9d3ec", 0.22, 5)
    cloud(c, 330, 300, 70, "#16203f", "#d9a441", 0.95)
    cloud(c, 1260, 420, 55, "#1b2850", "#d9a441", 0.9)
    cloud(c, 980, 200, 40, "#16203f", "#d9a441", 0.8)
    # golden staff
    x0, y0, x1, y1 = 190, 690, 1410, 330
    c.line(x0, y0, x1, y1, layer="soft", stroke="#d9a441", sw=30, sa=0.6)
    c.line(x0, y0, x1, y1, stroke="#d9a441", sw=22)
    c.line(x0, y0 - 4, x1, y1 - 4, stroke="#f6d98a", sw=6)
    for t0, t1 in ((0.0, 0.07), (0.93, 1.0)):
        c.line(x0 + (x1 - x0) * t0, y0 + (y1 - y0) * t0, x0 + (x1 - x0) * t1, y0 + (y1 - y0) * t1,
               stroke="#b5532f", sw=30)
    c.circle(1180, 220, 80, layer="mist", fill="#f3d28a", fa=0.5)
    render(c, out, ("#0f1a3a", "#2e4a8a"), direction=180, glyph=("悟", 500, -40, 560, "#ffffff", 0.05))


@picture("black-myth-wukong/detail")
def _(out):
    c = Canvas(W, H, 2)
    ridge(c, 520, 240, "#3b4a6b", 0.9, freq=0.8)
    mist(c, 600, "#e8e2d2", 0.45, 8)
    roof(c, 520, 760, 520, 190, "#141b30")
    roof(c, 520, 560, 360, 140, "#141b30")
    roof(c, 1180, 820, 380, 150, "#1b2438")
    ridge(c, 900, 60, "#0e1424", freq=2.0)
    mist(c, 880, "#e8e2d2", 0.5, 8)
    render(c, out, ("#8d96ab", "#e7dfcd"), direction=180, glyph=("寺", 520, -200, 380, "#1b2438", 0.08))


@picture("games-going-global/cover")
def _(out):
    c = Canvas(W, H, 3)
    f = blob_field(c, [(380, 380, 170), (520, 620, 110), (820, 330, 150), (900, 560, 120),
                       (1200, 400, 190), (1320, 700, 100)])
    pixels(c, 60, 120, 1540, 880, 36, ["#d9a441", "#e9c46a", "#f2e3c0", "#4c7ad1"], f)
    render(c, out, ("#0c1430", "#1f3266"), direction=160)


@picture("games-going-global/detail")
def _(out):
    c = Canvas(W, H, 4)
    ink = "#1c1c24"
    c.rect(430, 360, 1170, 700, r=150, layer="mist", fill="#7a6f62", fa=0.35)
    c.rect(440, 370, 1160, 690, r=150, layer="soft", stroke=ink, sw=22, sa=0.9)
    c.circle(590, 520, 62, layer="soft", stroke=ink, sw=14, sa=0.85)
    c.rect(560, 505, 620, 535, fill=ink, fa=0.9)
    c.rect(575, 490, 605, 550, fill=ink, fa=0.9)
    for dx, dy, col in ((0, -45, "#b5402f"), (45, 0, "#d9a441"), (0, 45, "#2f6f8a"), (-45, 0, "#5e8c3a")):
        c.circle(1010 + dx, 520 + dy, 22, fill=col, fa=0.95)
    c.rect(740, 505, 790, 525, r=10, fill=ink, fa=0.8)
    c.rect(810, 505, 860, 525, r=10, fill=ink, fa=0.8)
    render(c, out, ("#efe6d4", "#d8cbb1"), direction=120, label_dark=True,
           glyph=("游", 500, 0, 640, "#8a2f22", 0.08), vignette=0.25)


@picture("lord-of-the-mysteries/cover")
def _(out):
    c = Canvas(W, H, 5)
    # receding street
    c.poly([(0, 1000), (1600, 1000), (900, 560), (700, 560)], fill="#1a1426", fa=0.9)
    for x in (250, 520, 1080, 1350):
        top = 300 if x in (250, 1350) else 420
        c.rect(x - 6, top, x + 6, 960 - (0 if x in (250, 1350) else 180), fill="#0d0a14")
        c.circle(x, top - 12, 90, layer="mist", fill="#f0b85a", fa=0.55)
        c.circle(x, top - 12, 16, fill="#ffe1a0")
    for i, (x, y, a) in enumerate(((760, 640, -12), (860, 620, 4), (960, 650, 16))):
        c.rect(x - 80, y - 130, x + 80, y + 130, r=10, angle=a, fill="#efe4cf", stroke="#7a5a2e", sw=4)
        c.rect(x - 62, y - 112, x + 62, y + 112, r=6, angle=a, stroke="#b08a4a", sw=2)
        if i == 1:
            star(c, x, y - 10, 44, "#6b3f8c")
        elif i == 0:
            c.circle(x - 8, y, 38, stroke="#6b3f8c", sw=5)
        else:
            c.ellipse(x + 10, y, 20, 50, angle=a, fill="#6b3f8c")
    render(c, out, ("#120e1e", "#3d2a5c"), direction=0, glyph=("诡", -420, -120, 560, "#f0b85a", 0.06))


@picture("lord-of-the-mysteries/detail")
def _(out):
    c = Canvas(W, H, 6)
    for side in (-1, 1):
        x0 = 800
        x1 = 800 + side * 620
        c.path("M %d,260 Q %d,210 %d,240 L %d,820 Q %d,790 %d,840 Z" % (x0, (x0 + x1) / 2, x1, x1, (x0 + x1) / 2, x0),
               fill="#f4ead6", stroke="#c9b48e", sw=3)
        for row in range(16):
            y = 300 + row * 31
            ln = 480 if row % 5 != 4 else 260
            xa = 800 + side * 60
            xb = xa + side * ln
            c.line(xa, y, xb, y, stroke="#5b4a6e", sw=5, sa=0.35)
    c.line(800, 250, 800, 840, stroke="#a58b5e", sw=3)
    c.circle(800, 190, 40, layer="mist", fill="#f0b85a", fa=0.6)
    render(c, out, ("#2a1f3d", "#5a4478"), direction=90, glyph=("书", 0, 60, 300, "#ffffff", 0.0))


@picture("web-novels-worldwide/cover")
def _(out):
    c = Canvas(W, H, 7)
    cx, cy, r = 800, 520, 300
    c.circle(cx, cy, r + 40, layer="mist", fill="#6b86d9", fa=0.45)
    c.circle(cx, cy, r, fill="#1d2a56", stroke="#d9a441", sw=3)
    for k in range(1, 4):
        c.ellipse(cx, cy, r * k / 4, r, stroke="#d9a441", sw=2, sa=0.6)
        c.ellipse(cx, cy, r, r * k / 4, stroke="#d9a441", sw=2, sa=0.6)
    scripts = [("文", SERIF_CJK), ("A", "Noto-Serif-Regular"), ("ع", "Noto-Naskh-Arabic-Regular"),
               ("Я", "Noto-Serif-Regular"), ("ก", "Noto-Serif-Thai-Regular"), ("Ă", "Noto-Serif-Regular"),
               ("É", "Noto-Serif-Regular"), ("Ñ", "Noto-Serif-Regular")]
    for k, (ch, font) in enumerate(scripts):
        a = -math.pi / 2 + k * 2 * math.pi / len(scripts)
        x, y = cx + 520 * math.cos(a) * 1.25, cy + 360 * math.sin(a)
        c.rect(x - 55, y - 70, x + 55, y + 70, r=8, angle=k * 11 - 30, fill="#f4ead6", stroke="#c9b48e", sw=3)
        c.text(x, y - 4, ch, font, 72, "#3d2a5c", 0.9)
    render(c, out, ("#171030", "#3a2e6a"), direction="radial")


@picture("web-novels-worldwide/detail")
def _(out):
    c = Canvas(W, H, 8)
    for _ in range(140):
        c.circle(c.rng.uniform(0, W), c.rng.uniform(0, 600), c.rng.uniform(1, 2.6), fill="#ffffff",
                 fa=c.rng.uniform(0.3, 0.9))
    c.rect(600, 300, 1000, 1040, r=40, layer="mist", fill="#9fb6ff", fa=0.55)
    c.rect(640, 330, 960, 1020, r=36, fill="#11131f", stroke="#3b3f55", sw=6)
    c.rect(662, 370, 938, 1000, r=10, fill="#f4ead6")
    for row in range(17):
        y = 410 + row * 32
        c.line(690, y, 690 + (220 if row % 6 != 5 else 120), y, stroke="#5b4a6e", sw=6, sa=0.45)
    ridge(c, 900, 80, "#0b0a16", freq=1.5)
    render(c, out, ("#0a0a1c", "#2a2250"), direction=180)


@picture("joy-of-life-2/cover")
def _(out):
    c = Canvas(W, H, 9)
    c.circle(1220, 230, 110, layer="mist", fill="#f6e7c1", fa=0.5)
    c.circle(1220, 230, 80, fill="#f6e7c1")
    c.circle(1255, 210, 74, fill="#2a0e12")
    # palace gate
    g = "#140709"
    roof(c, 640, 520, 900, 200, g)
    c.rect(250, 520, 1030, 940, fill=g)
    for x in (330, 520, 760, 950):
        c.rect(x - 22, 540, x + 22, 940, fill="#5a1a1e")
    c.path("M 560,940 L 560,700 Q 640,610 720,700 L 720,940 Z", fill="#d9a441", fa=0.85)
    c.rect(0, 930, 1600, 1000, fill="#0c0406")
    render(c, out, ("#2a0e12", "#7a2a26"), direction=0, glyph=("庆", -10, -40, 1, "#000000", 0.0))


@picture("joy-of-life-2/detail")
def _(out):
    c = Canvas(W, H, 10)
    film_strip(c, 800, 500, 1900, 360, -8, "#17080a", ["#7a2a26", "#b5532f", "#d9a441", "#5a1a1e"])
    render(c, out, ("#f1e6cf", "#d7c29a"), direction=45, label_dark=True,
           glyph=("余", 0, -20, 620, "#17080a", 0.12), vignette=0.2)


@picture("legend-of-shen-li/cover")
def _(out):
    c = Canvas(W, H, 11)
    for x, y, s in ((260, 760, 80), (700, 850, 60), (1300, 780, 90), (1050, 300, 45)):
        cloud(c, x, y, s, "#3a1418", "#e8b86a", 0.85)
    # feather: spine + barbs
    pts = [(420 + t * 800, 760 - 520 * math.sin(t * 1.4) ** 1.2) for t in [i / 60 for i in range(61)]]
    for i, (x, y) in enumerate(pts[:-1]):
        t = i / 60
        ln = 160 * math.sin(t * math.pi) + 20
        for side in (-1, 1):
            col = mix("#d9a441", "#c0392b", t)
            c.line(x, y, x + side * ln * 0.55 + 60, y + side * ln * 0.6 - 40, layer="soft", stroke=col, sw=4, sa=0.8)
    c.polyline(pts, stroke="#f6e0a8", sw=6)
    ex, ey = pts[-1]
    c.ellipse(ex - 60, ey + 40, 70, 46, angle=-40, fill="#2f6f8a", stroke="#d9a441", sw=6)
    c.ellipse(ex - 60, ey + 40, 26, 18, angle=-40, fill="#f6e0a8")
    render(c, out, ("#2a0b10", "#6e1e22"), direction=135, glyph=("凤", 450, 60, 620, "#ffffff", 0.05))


@picture("legend-of-shen-li/detail")
def _(out):
    c = Canvas(W, H, 12)
    for row in range(4):
        for col in range(5):
            x = 180 + col * 320 + (160 if row % 2 else 0)
            y = 150 + row * 240
            cloud(c, x, y, 62, "#8e1d22", "#e7b75a", 1.0, sw=6)
    render(c, out, ("#a3262a", "#6e1418"), direction=90)


@picture("micro-dramas-abroad/cover")
def _(out):
    c = Canvas(W, H, 13)
    cols = [("#b5532f", "#f0b85a"), ("#2f6f8a", "#9fd3c7"), ("#6b3f8c", "#e6a6c7"),
            ("#8e1d22", "#f6c177"), ("#1f3f8f", "#8fb3ff")]
    for i, (a, b) in enumerate(cols):
        x = 240 + i * 280
        y = 520 + (30 if i % 2 else -30)
        c.rect(x - 115, y - 250, x + 115, y + 250, r=28, layer="mist", fill=b, fa=0.35)
        c.rect(x - 110, y - 240, x + 110, y + 240, r=26, fill="#0e0e14")
        c.rect(x - 96, y - 220, x + 96, y + 220, r=14, fill=a)
        c.circle(x, y + 40, 70, layer="soft", fill=b, fa=0.8)
        c.ellipse(x, y + 200, 150, 60, fill=b, fa=0.6)
        c.poly([(x - 18, y - 26), (x - 18, y + 26), (x + 26, y)], fill="#ffffff", fa=0.9)
    render(c, out, ("#141428", "#2c2450"), direction=90)


@picture("micro-dramas-abroad/detail")
def _(out):
    c = Canvas(W, H, 14)
    film_strip(c, 800, 240, 2000, 220, 6, "#101018", ["#2f6f8a", "#6b3f8c", "#b5532f"], 0.9)
    film_strip(c, 800, 800, 2000, 220, -5, "#101018", ["#d9a441", "#8e1d22", "#1f3f8f"], 0.9)
    c.circle(800, 520, 210, layer="mist", fill="#f0b85a", fa=0.5)
    c.circle(800, 520, 170, fill="#f2e9d8")
    c.poly([(750, 440), (750, 600), (885, 520)], fill="#8e1d22")
    render(c, out, ("#1c1830", "#3b2d5c"), direction=45)


@picture("remakes-abroad/cover")
def _(out):
    c = Canvas(W, H, 15)
    film_strip(c, 350, 520, 900, 200, 0, "#101018", ["#b5532f", "#d9a441"])
    film_strip(c, 1150, 290, 900, 170, -22, "#101018", ["#2f6f8a", "#9fd3c7"])
    film_strip(c, 1170, 520, 900, 170, 0, "#101018", ["#8e1d22", "#f6c177"])
    film_strip(c, 1150, 750, 900, 170, 22, "#101018", ["#1f3f8f", "#8fb3ff"])
    c.circle(800, 520, 70, fill="#d9a441")
    c.circle(800, 520, 28, fill="#101018")
    render(c, out, ("#e9dfcb", "#c9b58f"), direction=0, label_dark=True, vignette=0.25)


@picture("remakes-abroad/detail")
def _(out):
    c = Canvas(W, H, 16)
    for x, col in ((300, "#f6e0a8"), (800, "#f0b85a"), (1300, "#f6e0a8")):
        c.poly([(x - 30, -10), (x + 30, -10), (x + 260, 1010), (x - 260, 1010)], layer="mist", fill=col, fa=0.28)
    # clapperboard
    c.rect(520, 520, 1080, 860, r=10, fill="#111116")
    for k in range(6):
        x = 540 + k * 90
        c.poly([(x, 440), (x + 45, 440), (x + 90, 510), (x + 45, 510)], fill="#f2e9d8")
    c.rect(520, 430, 1080, 515, angle=0, stroke="#f2e9d8", sw=6)
    for row in range(3):
        c.line(560, 600 + row * 80, 1040, 600 + row * 80, stroke="#f2e9d8", sw=4, sa=0.7)
    render(c, out, ("#1a0c0e", "#4a1a1e"), direction=90)


@picture("ne-zha-2/cover")
def _(out):
    c = Canvas(W, H, 17)
    waves(c, -40, 720, 1640, 1000, 90, "#0f3b4a", "#7fc6c1", rings=5, sw=4)
    c.circle(800, 400, 250, layer="mist", stroke="#ff7a2f", sw=70, sa=0.7)
    c.circle(800, 400, 250, layer="soft", stroke="#ffb347", sw=22)
    c.circle(800, 400, 250, stroke="#fff1c1", sw=5)
    lotus(c, 800, 610, 200, "#e98aa6", "#fff1e6")
    render(c, out, ("#0b1e2e", "#6e1e22"), direction=0, glyph=("吒", -470, -80, 520, "#ffb347", 0.07))


@picture("ne-zha-2/detail")
def _(out):
    c = Canvas(W, H, 18)
    waves(c, -60, -40, 1660, 1040, 150, "#0d3040", "#e8c37a", rings=5, sw=5)
    render(c, out, ("#0d3040", "#0d3040"), direction=0, vignette=0.45)


@picture("ink-wash-animation/cover")
def _(out):
    c = Canvas(W, H, 19)
    for _ in range(7):
        c.ellipse(c.rng.uniform(100, 1500), c.rng.uniform(600, 950), c.rng.uniform(120, 320), c.rng.uniform(30, 80),
                  layer="mist", fill="#3a3a3a", fa=c.rng.uniform(0.12, 0.3))
    for k in range(6):
        x, y = 330 + k * 190 + c.rng.uniform(-40, 40), 420 + c.rng.uniform(-120, 120)
        a = c.rng.uniform(-30, 30)
        c.ellipse(x, y, 34, 28, angle=a, layer="soft", fill="#141414", fa=0.92)
        tail = []
        for t in range(30):
            tt = t / 29
            ar = math.radians(a)
            tx = x - (40 + 130 * tt) * math.cos(ar) + 18 * math.sin(tt * 6 + k) * math.sin(ar)
            ty = y - (40 + 130 * tt) * math.sin(ar) + 18 * math.sin(tt * 6 + k) * math.cos(ar)
            tail.append((tx, ty))
        c.polyline(tail, layer="soft", stroke="#141414", sw=9, sa=0.75)
    c.text(1380, 210, "水墨", SERIF_CJK, 90, "#8e1d22", 0.9)
    c.rect(1320, 130, 1440, 290, stroke="#8e1d22", sw=5, sa=0.9)
    render(c, out, ("#f4efe4", "#e6dcc8"), direction=90, label_dark=True, vignette=0.22)


@picture("ink-wash-animation/detail")
def _(out):
    c = Canvas(W, H, 20)
    for i, (y, col, a) in enumerate([(420, "#8a8a8a", 0.5), (560, "#5c5c5c", 0.7), (720, "#2d2d2d", 0.9)]):
        ridge(c, y, 300 - i * 60, col, a, layer="soft", freq=1.1 + 0.3 * i)
        mist(c, y + 60, "#f4efe4", 0.8, 9)
    render(c, out, ("#f4efe4", "#ddd3bf"), direction=90, label_dark=True, vignette=0.22)


def vase_profile(t):
    """Half width (0..1) of a meiping-like vase at height t (0 top .. 1 bottom)."""
    if t < 0.06:
        return 0.16
    if t < 0.12:
        return 0.16 + (t - 0.06) * 1.5
    return 0.25 + 0.28 * math.sin(min(1, (t - 0.12) / 0.55) * math.pi / 2) - max(0, t - 0.67) * 0.6


@picture("jingdezhen-porcelain/cover")
def _(out):
    c = Canvas(W, H, 21)
    cx, top, hh = 820, 110, 800
    scale = 620
    left = [(cx - vase_profile(i / 80) * scale, top + hh * i / 80) for i in range(81)]
    right = [(cx + vase_profile(i / 80) * scale, top + hh * i / 80) for i in range(80, -1, -1)]
    c.ellipse(cx, top + hh + 10, 230, 30, layer="mist", fill="#000000", fa=0.35)
    c.poly(left + right, fill="#f7f4ee", stroke="#d8d2c4", sw=2)
    blue = "#1f3f8f"
    for t in (0.14, 0.2, 0.8, 0.86):
        y = top + hh * t
        wv = vase_profile(t) * scale
        c.line(cx - wv + 6, y, cx + wv - 6, y, stroke=blue, sw=5)
    for k in range(9):  # lotus scroll band
        t = 0.3 + 0.42 * (k % 3) / 2
        y = top + hh * t + (k // 3 - 1) * 0
        wv = vase_profile(t) * scale * 0.8
        x = cx - wv + (k // 3) * wv
        if k % 3 == 1:
            x = cx + (k // 3 - 1) * wv * 0.7
            y = top + hh * 0.5
        petals(c, x, y, 8, 10, 62, 16, blue, 0.95)
        c.circle(x, y, 14, fill=blue)
    for k in range(14):
        t = 0.24 + k * 0.035
        wv = vase_profile(0.26) * scale * 0.9
        c.polyline([(cx - wv + k * wv / 7, top + hh * 0.25 + 18 * math.sin(j / 3)) for j in range(1)], stroke=blue)
    for t in (0.08, 0.92):
        y = top + hh * t
        wv = vase_profile(t) * scale
        for x in range(int(cx - wv + 20), int(cx + wv - 20), 34):
            c.circle(x, y, 7, fill=blue, fa=0.9)
    render(c, out, ("#d9d2c3", "#a9a192"), direction=90, label_dark=True, vignette=0.3)


@picture("jingdezhen-porcelain/detail")
def _(out):
    c = Canvas(W, H, 22)
    blue = "#1f3f8f"
    for row in range(2):
        for col in range(4):
            x, y = 230 + col * 380, 290 + row * 420
            r = 160
            c.circle(x + 8, y + 12, r, layer="mist", fill="#000000", fa=0.25)
            c.circle(x, y, r, fill="#f7f4ee", stroke="#d8d2c4", sw=2)
            c.circle(x, y, r * 0.86, stroke=blue, sw=5)
            c.circle(x, y, r * 0.52, stroke=blue, sw=3)
            n = (6, 8, 10, 12)[(row + col) % 4]
            petals(c, x, y, n, r * 0.56, r * 0.84, r * 0.07, blue, 0.9, rot=col * 9)
            petals(c, x, y, n // 2 + 2, 6, r * 0.46, r * 0.08, blue, 0.8, rot=15)
            c.circle(x, y, r * 0.08, fill=blue)
    render(c, out, ("#3d4a5c", "#222a36"), direction=90)


@picture("longquan-celadon/cover")
def _(out):
    c = Canvas(W, H, 23)
    c.ellipse(800, 830, 420, 50, layer="mist", fill="#000000", fa=0.35)
    d = "M 380,430 Q 420,800 800,810 Q 1180,800 1220,430 Z"
    c.path(d, fill="#8fb9a0")
    c.path("M 420,450 Q 470,760 800,775 Q 1000,768 1080,640 Q 900,720 640,640 Q 480,580 420,450 Z",
           layer="soft", fill="#6f9c84", fa=0.7)
    c.ellipse(800, 430, 420, 70, fill="#a9cdb6", stroke="#7fa891", sw=4)
    c.ellipse(800, 440, 380, 52, fill="#b9d8c4")
    c.ellipse(650, 560, 120, 40, angle=-20, layer="mist", fill="#ffffff", fa=0.35)
    c.rect(700, 805, 900, 840, r=8, fill="#6f8f7c")
    render(c, out, ("#e9e4d6", "#b8b29f"), direction=90, label_dark=True, vignette=0.28,
           glyph=("青", -520, -120, 420, "#2f5f4a", 0.08))


@picture("longquan-celadon/detail")
def _(out):
    c = Canvas(W, H, 24)
    pts = [(c.rng.uniform(-50, W + 50), c.rng.uniform(-50, H + 50)) for _ in range(70)]
    for (x, y) in pts:
        near = sorted(pts, key=lambda p: (p[0] - x) ** 2 + (p[1] - y) ** 2)[1:4]
        for (nx, ny) in near:
            mx = (x + nx) / 2 + c.rng.uniform(-20, 20)
            my = (y + ny) / 2 + c.rng.uniform(-20, 20)
            c.polyline([(x, y), (mx, my), (nx, ny)], layer="soft", stroke="#3e5f4e", sw=2.2, sa=0.55)
    for _ in range(12):
        c.ellipse(c.rng.uniform(0, W), c.rng.uniform(0, H), c.rng.uniform(120, 300), c.rng.uniform(60, 160),
                  layer="mist", fill="#d5ecdd", fa=0.22)
    render(c, out, ("#9cc3a8", "#6f9c84"), direction=135, vignette=0.3)


@picture("suzhou-embroidery/cover")
def _(out):
    c = Canvas(W, H, 25)
    cx, cy = 820, 500
    cols = ["#e6a6c7", "#d96b8f", "#f2d0dc", "#b5405f", "#f6e0a8"]
    for k in range(260):
        a = c.rng.uniform(0, 2 * math.pi)
        ln = c.rng.uniform(120, 330)
        bend = c.rng.uniform(-0.5, 0.5)
        col = cols[k % len(cols)]
        pts = []
        for t in range(21):
            tt = t / 20
            aa = a + bend * tt
            pts.append((cx + ln * tt * math.cos(aa), cy + ln * tt * math.sin(aa) * 0.85))
        c.polyline(pts, layer="soft", stroke=col, sw=2.2, sa=0.75)
    c.circle(cx, cy, 46, fill="#f6e0a8")
    for k in range(18):
        a = k * 20
        c.circle(cx + 30 * math.cos(math.radians(a)), cy + 30 * math.sin(math.radians(a)), 6, fill="#d9a441")
    for k, (x, y, a) in enumerate(((360, 820, -30), (1240, 780, 35), (420, 240, 20))):
        c.ellipse(x, y, 110, 34, angle=a, layer="soft", fill="#3f7f5a", fa=0.85)
        c.line(x - 100 * math.cos(math.radians(a)), y - 100 * math.sin(math.radians(a)),
               x + 100 * math.cos(math.radians(a)), y + 100 * math.sin(math.radians(a)), stroke="#a9d6b5", sw=2)
    render(c, out, ("#1e2a3a", "#33475e"), direction=135)


@picture("suzhou-embroidery/detail")
def _(out):
    c = Canvas(W, H, 26)
    for k in range(70):
        y0 = -100 + k * 18
        pts = [(x, y0 + 60 * math.sin(x / 260 + k * 0.12) + 30 * math.sin(x / 90 + k * 0.3)) for x in range(-20, 1640, 40)]
        tone = 0.5 + 0.5 * math.sin(k * 0.35)
        c.polyline(pts, layer="soft", stroke=mix("#b5405f", "#f7d9e3", tone), sw=14, sa=0.5)
    render(c, out, ("#7a1f3a", "#d96b8f"), direction=120, soft_blur=6)


def papercut(c, cx, cy, r, red, bg):
    c.circle(cx, cy, r, fill=red)
    petals(c, cx, cy, 12, r * 0.12, r * 0.82, r * 0.08, bg, 1.0)
    petals(c, cx, cy, 12, r * 0.3, r * 0.7, r * 0.05, red, 1.0, rot=15)
    for k in range(24):
        a = math.radians(k * 15 + 7.5)
        c.circle(cx + r * 0.9 * math.cos(a), cy + r * 0.9 * math.sin(a), r * 0.035, fill=bg)
    for k in range(36):
        a = math.radians(k * 10)
        c.circle(cx + r * math.cos(a), cy + r * math.sin(a), r * 0.06, fill=red)
    c.circle(cx, cy, r * 0.16, fill=bg)
    c.circle(cx, cy, r * 0.09, fill=red)


@picture("paper-cutting/cover")
def _(out):
    c = Canvas(W, H, 27)
    c.circle(808, 512, 380, layer="mist", fill="#000000", fa=0.3)
    papercut(c, 800, 500, 360, "#c0272d", "#f1e4c8")
    render(c, out, ("#f1e4c8", "#dcc59c"), direction=90, label_dark=True, vignette=0.25)


@picture("paper-cutting/detail")
def _(out):
    c = Canvas(W, H, 28)
    c.rect(470, 170, 1130, 830, angle=45, layer="mist", fill="#000000", fa=0.3)
    c.rect(480, 160, 1120, 800, angle=45, fill="#c0272d")
    c.rect(540, 220, 1060, 740, angle=45, stroke="#f1e4c8", sw=6)
    c.text(800, 470, "福", SERIF_CJK, 420, "#f1e4c8", 1.0)
    render(c, out, ("#2a1416", "#4a2024"), direction=90)


@picture("indonesian-batik/cover")
def _(out):
    c = Canvas(W, H, 29)
    brown, cream, dark = "#8a5a2b", "#eadcc0", "#2b2f4f"
    s = 200
    for gx in range(-1, 10):
        for gy in range(-1, 7):
            x, y = gx * s, gy * s
            for a in (45, 135, 225, 315):
                ar = math.radians(a)
                c.ellipse(x + s * 0.3 * math.cos(ar), y + s * 0.3 * math.sin(ar), s * 0.34, s * 0.16, angle=a,
                          fill=brown, stroke=cream, sw=5)
                c.ellipse(x + s * 0.3 * math.cos(ar), y + s * 0.3 * math.sin(ar), s * 0.18, s * 0.06, angle=a,
                          fill=dark)
            c.circle(x, y, s * 0.06, fill=cream)
            c.circle(x + s / 2, y + s / 2, s * 0.05, fill=cream)
            for k in range(8):
                a = math.radians(k * 45)
                c.circle(x + s / 2 + s * 0.13 * math.cos(a), y + s / 2 + s * 0.13 * math.sin(a), 4, fill=cream)
    render(c, out, (dark, "#1c1f38"), direction=90, vignette=0.35)


@picture("indonesian-batik/detail")
def _(out):
    c = Canvas(W, H, 30)
    brown, cream, dark = "#8a5a2b", "#eadcc0", "#2b2f4f"
    band = 170
    for k in range(-8, 14):
        off = k * band
        c.poly([(off, 0), (off + band * 0.55, 0), (off + band * 0.55 + H, H), (off + H, H)],
               fill=brown if k % 2 else dark)
        for t in range(0, 12):
            y = t * 95 + 30
            x = off + y + band * 0.27
            d = "M %.1f,%.1f c 30,-40 60,10 30,40 c -30,30 -60,-10 -30,-40" % (x - 15, y)
            c.path(d, fill=cream if k % 2 else brown, stroke=cream, sw=3)
        for t in range(0, 40):
            y = t * 26 + 10
            c.circle(off + band * 0.55 + y + 6, y, 3.5, fill=cream)
    render(c, out, (dark, dark), direction=0)


@picture("timor-leste-coffee/cover")
def _(out):
    c = Canvas(W, H, 31)
    ridge(c, 560, 200, "#2f5a3a", freq=0.9)
    mist(c, 600, "#eaf0e0", 0.4, 7)
    ridge(c, 760, 150, "#1f3f29", freq=1.4)
    for cluster in ((420, 720), (760, 800), (1150, 700), (1380, 860)):
        x0, y0 = cluster
        c.ellipse(x0 - 70, y0 - 30, 120, 40, angle=-25, fill="#3f7f4a", stroke="#a9d6b5", sw=2)
        c.ellipse(x0 + 80, y0 - 10, 110, 36, angle=20, fill="#356b40", stroke="#a9d6b5", sw=2)
        for k in range(9):
            x = x0 + c.rng.uniform(-50, 50)
            y = y0 + c.rng.uniform(-20, 50)
            col = c.rng.choice(["#c0272d", "#a31f2a", "#d9452f", "#8e1d22"])
            c.circle(x, y, 24, fill=col)
            c.circle(x - 8, y - 8, 6, fill="#ffffff", fa=0.45)
    c.circle(1250, 200, 90, layer="mist", fill="#ffe7a8", fa=0.7)
    render(c, out, ("#f0d9a8", "#9cc3a8"), direction=90, label_dark=True, vignette=0.3)


@picture("timor-leste-coffee/detail")
def _(out):
    c = Canvas(W, H, 32)
    for x in range(0, W, 24):
        c.line(x, 0, x, H, stroke="#7a5a3a", sw=2, sa=0.35)
    for y in range(0, H, 24):
        c.line(0, y, W, y, stroke="#7a5a3a", sw=2, sa=0.35)
    for _ in range(420):
        x, y = c.rng.uniform(0, W), c.rng.uniform(0, H)
        a = c.rng.uniform(0, 180)
        col = c.rng.choice(["#5a3a22", "#6b4428", "#7a4e2c", "#4a2e1a"])
        c.ellipse(x, y, 22, 15, angle=a, fill=col)
        ar = math.radians(a)
        c.line(x - 16 * math.cos(ar), y - 16 * math.sin(ar), x + 16 * math.cos(ar), y + 16 * math.sin(ar),
               stroke="#2a1a10", sw=2.5)
    render(c, out, ("#cfb48a", "#b39566"), direction=135, vignette=0.35)


@picture("african-crafts-ciie/cover")
def _(out):
    c = Canvas(W, H, 33)
    cols = ["#3a2416", "#6b4428", "#a0672f", "#d9a45a", "#efd9ae"]
    for k in range(18):
        r = 1100 - k * 58
        c.ellipse(1300, 1150, r, r * 0.8, angle=-18, fill=cols[k % len(cols)], stroke="#1e130b", sw=3)
    for k in range(10):
        r = 420 - k * 40
        c.ellipse(250, -40, r, r * 0.9, angle=25, fill=cols[(k + 2) % len(cols)], stroke="#1e130b", sw=3)
    render(c, out, ("#efd9ae", "#d9a45a"), direction=90, label_dark=True, vignette=0.3)


@picture("african-crafts-ciie/detail")
def _(out):
    c = Canvas(W, H, 34)
    gold, green, red, black = "#e2b33c", "#2f7d4a", "#b8322a", "#1a1a1a"
    bw = 200
    for i in range(8):
        for j in range(6):
            x, y = i * bw, j * 170
            base = [gold, green, red, gold][(i + j) % 4]
            c.rect(x, y, x + bw, y + 170, fill=base)
            if (i + j) % 2 == 0:
                for k in range(5):
                    c.rect(x + 20 + k * 36, y, x + 34 + k * 36, y + 170, fill=black)
            else:
                for k in range(4):
                    c.rect(x, y + 20 + k * 38, x + bw, y + 34 + k * 38, fill=black if k % 2 else green)
                zig = [(x + t * 25, y + 85 + (18 if t % 2 else -18)) for t in range(9)]
                c.polyline(zig, stroke=gold, sw=6)
    render(c, out, (gold, gold), direction=0, vignette=0.3)


@picture("pacific-bark-cloth/cover")
def _(out):
    c = Canvas(W, H, 35)
    black, rust = "#1e1a17", "#8b3a1e"
    for row in range(6):
        y = 90 + row * 160
        c.line(0, y - 70, W, y - 70, stroke=black, sw=6)
        n = 20
        for k in range(n):
            x = k * W / (n - 1)
            col = black if (row + k) % 2 == 0 else rust
            if row % 3 == 0:
                c.poly([(x - 40, y + 50), (x + 40, y + 50), (x, y - 50)], fill=col)
            elif row % 3 == 1:
                c.rect(x - 30, y - 30, x + 30, y + 30, angle=45, fill=col)
                c.rect(x - 12, y - 12, x + 12, y + 12, angle=45, fill="#d9c3a0")
            else:
                c.polyline([(x - 40, y + 30), (x, y - 30), (x + 40, y + 30)], stroke=col, sw=10)
    render(c, out, ("#dcc6a2", "#c9ad84"), direction=90, label_dark=True, vignette=0.3)


@picture("pacific-bark-cloth/detail")
def _(out):
    c = Canvas(W, H, 36)
    bands = ["#c0272d", "#e2b33c", "#2f7d4a", "#1f3f8f", "#f2e9d8", "#6b3f8c"]
    r = 26
    for row in range(22):
        y = row * r * 1.8
        col = bands[(row // 3) % len(bands)]
        for k in range(34):
            x = k * r * 2 + (r if row % 2 else 0)
            c.path("M %.1f,%.1f a %d,%d 0 1,1 %d,0" % (x - r, y, r, r, 2 * r), stroke=col, sw=7)
    render(c, out, ("#2a211c", "#1a1512"), direction=90)


# Categories (1200x800)
CW, CH = 1200, 800


def cat_path(name):
    return os.path.join(CONTENT, "images", "categories", name + ".jpg")


@picture("cat/games")
def _(out):
    c = Canvas(CW, CH, 41)
    f = blob_field(c, [(850, 400, 200), (1000, 250, 120)])
    pixels(c, 500, 80, 1200, 760, 30, ["#d9a441", "#f2e3c0", "#4c7ad1"], f)
    cloud(c, 300, 560, 70, "#16203f", "#d9a441")
    render(c, out, ("#0f1a3a", "#3e5ba9"), direction=135, glyph=("戏", -300, -120, 360, "#ffffff", 0.06))


@picture("cat/web-literature")
def _(out):
    c = Canvas(CW, CH, 42)
    for k in range(7):
        a = -30 + k * 10
        c.rect(520, 200, 760, 560, r=6, angle=a, fill=mix("#f4ead6", "#c9b48e", k / 8), stroke="#a58b5e", sw=2)
    for row in range(8):
        c.line(560, 250 + row * 36, 720, 250 + row * 36, stroke="#5b4a6e", sw=5, sa=0.4)
    render(c, out, ("#1e1430", "#7a4e9e"), direction=135, glyph=("文", 380, -40, 420, "#ffffff", 0.06))


@picture("cat/drama-film")
def _(out):
    c = Canvas(CW, CH, 43)
    film_strip(c, 600, 400, 1500, 260, -10, "#120607", ["#d9a441", "#b5532f", "#f6c177"])
    render(c, out, ("#2a0e12", "#b23a3a"), direction=90)


@picture("cat/animation")
def _(out):
    c = Canvas(CW, CH, 44)
    waves(c, -40, 560, 1240, 820, 70, "#0f3b4a", "#e8c37a", rings=5, sw=4)
    c.circle(600, 300, 170, layer="mist", stroke="#ff7a2f", sw=50, sa=0.7)
    c.circle(600, 300, 170, stroke="#fff1c1", sw=5)
    render(c, out, ("#3a1e0e", "#c9782a"), direction=90)


@picture("cat/heritage-crafts")
def _(out):
    c = Canvas(CW, CH, 45)
    blue = "#1f3f8f"
    for x, y, r in ((380, 420, 240), (880, 300, 150), (900, 640, 110)):
        c.circle(x + 6, y + 10, r, layer="mist", fill="#000000", fa=0.3)
        c.circle(x, y, r, fill="#f7f4ee")
        c.circle(x, y, r * 0.86, stroke=blue, sw=5)
        petals(c, x, y, 10, r * 0.2, r * 0.8, r * 0.08, blue, 0.9)
        c.circle(x, y, r * 0.1, fill=blue)
    render(c, out, ("#2f7f8a", "#17464d"), direction=135)


@picture("cat/partner-crafts")
def _(out):
    c = Canvas(CW, CH, 46)
    gold, green, red, black = "#e2b33c", "#2f7d4a", "#b8322a", "#1a1a1a"
    for i in range(6):
        x = i * 200
        c.rect(x, 0, x + 200, 800, fill=[gold, green, red][i % 3], fa=0.95)
        for k in range(4):
            c.rect(x + 30 + k * 40, 0, x + 44 + k * 40, 800, fill=black, fa=0.9)
    for gx in range(7):
        for gy in range(5):
            x, y = gx * 200, gy * 200
            for a in (45, 135, 225, 315):
                ar = math.radians(a)
                c.ellipse(x + 60 * math.cos(ar), y + 60 * math.sin(ar), 68, 30, angle=a, fill="#2b2f4f", fa=0.55)
    render(c, out, ("#5e8c3a", "#2f4a1e"), direction=90)


@picture("attract")
def _(out):
    c = Canvas(1920, 1080, 50)
    for i, (y, col) in enumerate([(640, "#1d2550"), (760, "#151b3c"), (900, "#0f1430")]):
        ridge(c, y, 220 - i * 30, col, freq=1.0 + 0.35 * i)
        mist(c, y + 30, "#b9c3e6", 0.18, 7)
    waves(c, -60, 960, 1980, 1120, 70, "#10173a", "#d9a441", rings=4, sw=3, alpha=0.9)
    cloud(c, 320, 300, 70, "#161a33", "#d9a441", 0.95)
    cloud(c, 1610, 380, 60, "#161a33", "#d9a441", 0.9)
    c.circle(1420, 230, 120, layer="mist", fill="#f3d28a", fa=0.55)
    c.circle(1420, 230, 70, fill="#f6e7c1", fa=0.95)
    # No text in the middle: the kiosk draws its own "touch to start" there.
    render(c, out, ("#0b0e22", "#2a3366"), direction=180, vignette=0.42)


def targets():
    for key, fn in P.items():
        if key == "attract":
            yield key, os.path.join(CONTENT, "images", "attract.jpg"), fn
        elif key.startswith("cat/"):
            yield key, cat_path(key[4:]), fn
        else:
            item, name = key.split("/")
            yield key, item_path(item, name + ".jpg"), fn


def main():
    only = None
    if len(sys.argv) > 2 and sys.argv[1] == "--only":
        only = sys.argv[2]
    for key, out, fn in targets():
        if only and only not in key:
            continue
        fn(out)
        print("%-40s %6.0f KB" % (os.path.relpath(out, CONTENT), os.path.getsize(out) / 1024))


if __name__ == "__main__":
    main()
