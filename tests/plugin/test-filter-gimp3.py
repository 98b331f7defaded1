# lowrank-bokeh — the plug-in's result as an editable layer filter, in a
# real headless GIMP 3 (python-fu-eval; tests/plugin/test-filter-gimp3.sh
# runs it).  Writes what it finds as "lrb-result KEY VALUE" lines and the
# images it exports; the shell script compares them with lrbokeh apply.
import os
import gi
gi.require_version('Gimp', '3.0')
from gi.repository import Gimp, Gio, Gegl

work = os.environ['LRB_WORK']
pdb = Gimp.get_pdb()


def say(key, value):
    print('lrb-result %s %s' % (key, value), flush=True)


def load():
    return Gimp.file_load(Gimp.RunMode.NONINTERACTIVE,
                          Gio.File.new_for_path(os.path.join(work, 'photo.png')))


def export(image, name):
    Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, image,
                   Gio.File.new_for_path(os.path.join(work, name)), None)


def blur(image, drawables, as_filter, depth=None, radius=20.0):
    proc = pdb.lookup_procedure('plug-in-lowrank-bokeh3')
    config = proc.create_config()
    config.set_property('run-mode', Gimp.RunMode.NONINTERACTIVE)
    config.set_property('image', image)
    config.set_core_object_array('drawables', drawables)
    config.set_property('shape', 1)
    config.set_property('radius', radius)
    config.set_property('blades', 6)
    config.set_property('rank', 8)
    if depth is not None:
        config.set_property('depth-map', depth)
    config.set_property('as-filter', as_filter)
    result = proc.run(config)
    status = result.index(0)
    return status == Gimp.PDBStatusType.SUCCESS, (result.index(1) if result.length() > 1 and status != Gimp.PDBStatusType.SUCCESS else '')


def filters_of(drawable):
    return drawable.get_filters() or []


# 1. As a filter: on the layer, with the dialog's values; the export is the blur.
image = load()
layer = image.get_layers()[0]
ok, _ = blur(image, [layer], True)
filters = filters_of(layer)
say('filter-ok', int(ok))
say('filter-count', len(filters))
if filters:
    say('filter-operation', filters[0].get_operation_name())
    say('filter-radius', filters[0].get_config().get_property('radius'))
export(image, 'filter-r20.png')
# Re-edited as GIMP's filter dialog would: radius 10.
if filters:
    config = filters[0].get_config()
    config.set_property('radius', 10.0)
    filters[0].update()
export(image, 'filter-r10.png')
image.delete()

# 2. A script that does not ask keeps today's behaviour: pixels, no filter.
image = load()
layer = image.get_layers()[0]
ok, _ = blur(image, [layer], False)
say('pixels-ok', int(ok))
say('pixels-filter-count', len(filters_of(layer)))
export(image, 'pixels-r20.png')
image.delete()

# 3. With a depth map the filter is not possible: pixels.
image = load()
layer = image.get_layers()[0]
depth = layer.copy()
image.insert_layer(depth, None, 1)
ok, _ = blur(image, [layer], True, depth=depth)
say('depth-ok', int(ok))
say('depth-filter-count', len(filters_of(layer)))
image.delete()

# 4. Layers that are not plain pixels: a text layer and a layer group.
image = load()
text = Gimp.TextLayer.new(image, 'Bokeh', Gimp.context_get_font(), 48.0, Gimp.Unit.pixel())
image.insert_layer(text, None, 0)
ok, _ = blur(image, [text], True)
say('text-filter-ok', int(ok))
say('text-filter-count', len(filters_of(text)))
say('text-still-text', int(text.is_text_layer()))
group = Gimp.GroupLayer.new(image, 'group')
image.insert_layer(group, None, 0)
inner = image.get_layers()[-1].copy()
image.insert_layer(inner, group, 0)
ok, _ = blur(image, [group], True)
say('group-filter-ok', int(ok))
say('group-filter-count', len(filters_of(group)))
ok, message = blur(image, [group], False)
say('group-pixels-ok', int(ok))
say('group-pixels-message', message)
image.delete()

# 5. GIMP 3.2's layers drawn from a source: a link layer (the photo again,
# so its blur is lrbokeh's) and a vector layer (an ellipse on a path).
# As a filter they stay live; into the pixels they are rasterized first.
def rasterized(layer):
    return int(layer.is_rasterized())


def ellipse_layer(image):
    path = Gimp.Path.new(image, 'ellipse')
    path.bezier_stroke_new_ellipse(200.0, 150.0, 80.0, 60.0, 0.0)
    image.insert_path(path, None, 0)
    layer = Gimp.VectorLayer.new(image, path)
    image.insert_layer(layer, None, 0)
    return layer


say('has-rasterizable', int(hasattr(Gimp, 'Rasterizable')))
if hasattr(Gimp, 'Rasterizable'):
    photo = Gio.File.new_for_path(os.path.join(work, 'photo.png'))
    for as_filter, mode in ((True, 'filter'), (False, 'pixels')):
        image = load()
        link = Gimp.LinkLayer.new(image, photo)
        image.insert_layer(link, None, 0)
        ok, _ = blur(image, [link], as_filter)
        say('link-%s-ok' % mode, int(ok))
        say('link-%s-filter-count' % mode, len(filters_of(link)))
        say('link-%s-rasterized' % mode, rasterized(link))
        export(image, 'link-%s.png' % mode)
        image.delete()

        image = load()
        vector = ellipse_layer(image)
        ok, _ = blur(image, [vector], as_filter)
        say('vector-%s-ok' % mode, int(ok))
        say('vector-%s-filter-count' % mode, len(filters_of(vector)))
        say('vector-%s-rasterized' % mode, rasterized(vector))
        export(image, 'vector-%s.png' % mode)
        # A new fill colour: a live layer draws itself again (under its
        # filter); a rasterized one keeps the blurred pixels.
        vector.set_fill_color(Gegl.Color.new('red'))
        export(image, 'vector-%s-red.png' % mode)
        image.delete()

    image = load()
    text = Gimp.TextLayer.new(image, 'Bokeh', Gimp.context_get_font(), 48.0, Gimp.Unit.pixel())
    image.insert_layer(text, None, 0)
    ok, _ = blur(image, [text], False)
    say('text-pixels-ok', int(ok))
    say('text-pixels-rasterized', rasterized(text))
    image.delete()
say('done', 1)
