"""Draw Jangkau's app icons (run once after a change; the PNGs are committed).

    .venv/bin/python service-worker/make_icons.py

A white "J" that is also a person reaching out (a head above a hooked arm) on the brand colour.
"any" icons have rounded corners; "maskable" ones fill the square and keep the drawing inside the
centre 80 % circle that Android may cut out.
"""

from pathlib import Path

from PIL import Image, ImageDraw

BRAND = (122, 31, 92, 255)  # #7a1f5c
WHITE = (255, 255, 255, 255)
OUT = Path(__file__).resolve().parent.parent / "static" / "icons"
SCALE = 4  # draw large, shrink: smooth edges without a font or an SVG renderer


def draw(size, maskable):
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    d = ImageDraw.Draw(image)
    if maskable:
        d.rectangle([0, 0, big, big], fill=BRAND)
        k = 0.62  # shrink the drawing into the safe zone
    else:
        d.rounded_rectangle([0, 0, big - 1, big - 1], radius=big * 0.2, fill=BRAND)
        k = 0.8
    u = big * k
    ox = oy = (big - u) / 2

    def box(x0, y0, x1, y1):
        return [ox + x0 * u, oy + y0 * u, ox + x1 * u, oy + y1 * u]

    line = 0.16
    d.ellipse(box(0.50, 0.04, 0.74, 0.28), fill=WHITE)  # the head
    d.rectangle(box(0.54, 0.36, 0.54 + line, 0.70), fill=WHITE)  # the body, J's stem
    d.arc(
        box(0.10, 0.40, 0.70, 0.96),
        start=0,
        end=180,
        fill=WHITE,  # the arm reaching round
        width=int(line * u),
    )
    d.ellipse(box(0.10, 0.60, 0.10 + line, 0.60 + line), fill=WHITE)  # a rounded hand
    small = image.resize((size, size), Image.LANCZOS)
    return small.quantize(colors=32, method=Image.Quantize.FASTOCTREE)  # a few colours: small files


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size, False).save(OUT / f"icon-{size}.png", optimize=True)
        draw(size, True).save(OUT / f"maskable-{size}.png", optimize=True)
    draw(180, True).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)
    draw(48, False).save(OUT / "favicon.png", optimize=True)
    print("icons written to", OUT)


if __name__ == "__main__":
    main()
