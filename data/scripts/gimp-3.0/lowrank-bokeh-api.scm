; lowrank-bokeh — the few PDB calls lowrank-bokeh-batch.scm makes, in
; GIMP 3's form: files without a second name, selected drawables as a
; vector, plug-in arguments by name (GIMP 3 warns about positional ones).
; GIMP 2.10's are in gimp-2.10/lowrank-bokeh-api.scm.
;
; SPDX-License-Identifier: GPL-3.0-or-later

(define (lowrank-bokeh--glob pattern)
  (car (file-glob #:pattern pattern #:filename-encoding TRUE)))

(define (lowrank-bokeh--load filename)
  (car (gimp-file-load RUN-NONINTERACTIVE filename)))

; The first selected layer or channel.
; (1 "") for a whole file, (0 "FILE: why") for a damaged one.
(define (lowrank-bokeh--check-image filename)
  (plug-in-lowrank-bokeh-check-image #:run-mode RUN-NONINTERACTIVE #:filename filename))

(define (lowrank-bokeh--drawable image)
  (vector-ref (car (gimp-image-get-selected-drawables image)) 0))

; -1: the export options' defaults.
(define (lowrank-bokeh--save image drawable filename)
  (gimp-file-save RUN-NONINTERACTIVE image filename -1))

(define (lowrank-bokeh--layer-count image)
  (vector-length (car (gimp-image-get-layers image))))

(define (lowrank-bokeh--apply image drawable shape radius blades rotation curvature
                              rank energy-target gamma edge-mode kernel-file)
  (plug-in-lowrank-bokeh #:run-mode RUN-NONINTERACTIVE #:image image
                         #:drawables (vector drawable) #:shape shape #:radius radius
                         #:blades blades #:rotation rotation #:curvature curvature
                         #:rank rank #:energy-target energy-target #:gamma gamma
                         #:edge-mode edge-mode #:kernel-file kernel-file))

; plug-in-lowrank-bokeh2: the same and the factorization (0 svd, 1 nonnegative).
(define (lowrank-bokeh--apply2 image drawable shape radius blades rotation curvature
                               rank energy-target gamma edge-mode kernel-file factorization)
  (plug-in-lowrank-bokeh2 #:run-mode RUN-NONINTERACTIVE #:image image
                          #:drawables (vector drawable) #:shape shape #:radius radius
                          #:blades blades #:rotation rotation #:curvature curvature
                          #:rank rank #:energy-target energy-target #:gamma gamma
                          #:edge-mode edge-mode #:kernel-file kernel-file
                          #:factorization factorization))

(define (lowrank-bokeh--analyze shape radius blades rotation curvature energy-target
                                kernel-file)
  (plug-in-lowrank-bokeh-analyze #:run-mode RUN-NONINTERACTIVE #:shape shape
                                 #:radius radius #:blades blades #:rotation rotation
                                 #:curvature curvature #:energy-target energy-target
                                 #:kernel-file kernel-file))

; plug-in-lowrank-bokeh3: the same and the highlight boost and depth of
; field; depth is a drawable of the image, or -1 for none.
(define (lowrank-bokeh--apply3 image drawable shape radius blades rotation curvature
                               rank energy-target gamma edge-mode kernel-file factorization
                               highlight-stops highlight-low highlight-high
                               depth focus focus-tolerance depth-invert)
  (if (= depth -1)
      (plug-in-lowrank-bokeh3 #:run-mode RUN-NONINTERACTIVE #:image image
                              #:drawables (vector drawable) #:shape shape #:radius radius
                              #:blades blades #:rotation rotation #:curvature curvature
                              #:rank rank #:energy-target energy-target #:gamma gamma
                              #:edge-mode edge-mode #:kernel-file kernel-file
                              #:factorization factorization
                              #:highlight-stops highlight-stops
                              #:highlight-threshold-low highlight-low
                              #:highlight-threshold-high highlight-high
                              #:focus focus #:focus-tolerance focus-tolerance
                              #:depth-invert depth-invert)
      (plug-in-lowrank-bokeh3 #:run-mode RUN-NONINTERACTIVE #:image image
                              #:drawables (vector drawable) #:shape shape #:radius radius
                              #:blades blades #:rotation rotation #:curvature curvature
                              #:rank rank #:energy-target energy-target #:gamma gamma
                              #:edge-mode edge-mode #:kernel-file kernel-file
                              #:factorization factorization
                              #:highlight-stops highlight-stops
                              #:highlight-threshold-low highlight-low
                              #:highlight-threshold-high highlight-high
                              #:depth-map depth
                              #:focus focus #:focus-tolerance focus-tolerance
                              #:depth-invert depth-invert)))

; plug-in-lowrank-bokeh4: the same and the grain, the camera and the cat's
; eye; GRAIN and USE-CAMERA are TRUE or FALSE.
(define (lowrank-bokeh--apply4 image drawable shape radius blades rotation curvature
                               rank energy-target gamma edge-mode kernel-file factorization
                               highlight-stops highlight-low highlight-high
                               depth focus focus-tolerance depth-invert
                               grain grain-level grain-seed use-camera focal-length f-number
                               focus-distance sensor-width depth-units depth-near depth-far
                               depth-scale cats-eye)
  (if (= depth -1)
      (plug-in-lowrank-bokeh4 #:run-mode RUN-NONINTERACTIVE #:image image
                              #:drawables (vector drawable) #:shape shape #:radius radius
                              #:blades blades #:rotation rotation #:curvature curvature
                              #:rank rank #:energy-target energy-target #:gamma gamma
                              #:edge-mode edge-mode #:kernel-file kernel-file
                              #:factorization factorization
                              #:highlight-stops highlight-stops
                              #:highlight-threshold-low highlight-low
                              #:highlight-threshold-high highlight-high
                              #:focus focus #:focus-tolerance focus-tolerance
                              #:depth-invert depth-invert
                              #:grain grain #:grain-level grain-level #:grain-seed grain-seed
                              #:use-camera use-camera #:focal-length focal-length
                              #:f-number f-number #:focus-distance focus-distance
                              #:sensor-width sensor-width #:depth-units depth-units
                              #:depth-near depth-near #:depth-far depth-far
                              #:depth-scale depth-scale #:cats-eye cats-eye)
      (plug-in-lowrank-bokeh4 #:run-mode RUN-NONINTERACTIVE #:image image
                              #:drawables (vector drawable) #:shape shape #:radius radius
                              #:blades blades #:rotation rotation #:curvature curvature
                              #:rank rank #:energy-target energy-target #:gamma gamma
                              #:edge-mode edge-mode #:kernel-file kernel-file
                              #:factorization factorization
                              #:highlight-stops highlight-stops
                              #:highlight-threshold-low highlight-low
                              #:highlight-threshold-high highlight-high
                              #:focus focus #:focus-tolerance focus-tolerance
                              #:depth-invert depth-invert
                              #:grain grain #:grain-level grain-level #:grain-seed grain-seed
                              #:use-camera use-camera #:focal-length focal-length
                              #:f-number f-number #:focus-distance focus-distance
                              #:sensor-width sensor-width #:depth-units depth-units
                              #:depth-near depth-near #:depth-far depth-far
                              #:depth-scale depth-scale #:cats-eye cats-eye
                              #:depth-map depth)))

; plug-in-lowrank-bokeh-kernel-from-photo: the kernel of the light in the
; rectangle (width or height 0: the selection) written to FILENAME; returns
; (rank num-singular-values noise centre-x centre-y report).
(define (lowrank-bokeh--kernel-from-photo image drawable x y width height rank filename)
  (plug-in-lowrank-bokeh-kernel-from-photo #:run-mode RUN-NONINTERACTIVE #:image image
                                          #:drawables (vector drawable) #:x x #:y y
                                          #:width width #:height height #:rank rank
                                          #:filename filename))

; An image file as a hidden layer on top of IMAGE (a depth map, say).
(define (lowrank-bokeh--load-layer image filename)
  (let ((layer (car (gimp-file-load-layer RUN-NONINTERACTIVE image filename))))
    (gimp-image-insert-layer image layer 0 -1)
    (gimp-item-set-visible layer FALSE)
    layer))
