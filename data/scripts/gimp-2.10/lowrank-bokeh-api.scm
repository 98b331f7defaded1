; lowrank-bokeh — the few PDB calls lowrank-bokeh-batch.scm makes, in
; GIMP 2.10's form (GIMP 3's are in gimp-3.0/lowrank-bokeh-api.scm).
; Installed beside lowrank-bokeh-batch.scm; the tests use them too.
;
; SPDX-License-Identifier: GPL-3.0-or-later

(define (lowrank-bokeh--glob pattern)
  (cadr (file-glob pattern 1)))

(define (lowrank-bokeh--load filename)
  (car (gimp-file-load RUN-NONINTERACTIVE filename filename)))

; The layer or channel a filter would work on.
; (1 "") for a whole file, (0 "FILE: why") for a damaged one.
(define (lowrank-bokeh--check-image filename)
  (plug-in-lowrank-bokeh-check-image RUN-NONINTERACTIVE filename))

(define (lowrank-bokeh--drawable image)
  (car (gimp-image-get-active-drawable image)))

(define (lowrank-bokeh--save image drawable filename)
  (gimp-file-save RUN-NONINTERACTIVE image drawable filename filename))

(define (lowrank-bokeh--layer-count image)
  (car (gimp-image-get-layers image)))

(define (lowrank-bokeh--apply image drawable shape radius blades rotation curvature
                              rank energy-target gamma edge-mode kernel-file)
  (plug-in-lowrank-bokeh RUN-NONINTERACTIVE image drawable shape radius blades rotation
                         curvature rank energy-target gamma edge-mode kernel-file))

; plug-in-lowrank-bokeh2: the same and the factorization (0 svd, 1 nonnegative).
(define (lowrank-bokeh--apply2 image drawable shape radius blades rotation curvature
                               rank energy-target gamma edge-mode kernel-file factorization)
  (plug-in-lowrank-bokeh2 RUN-NONINTERACTIVE image drawable shape radius blades rotation
                          curvature rank energy-target gamma edge-mode kernel-file
                          factorization))

(define (lowrank-bokeh--analyze shape radius blades rotation curvature energy-target
                                kernel-file)
  (plug-in-lowrank-bokeh-analyze RUN-NONINTERACTIVE shape radius blades rotation curvature
                                 energy-target kernel-file))

; plug-in-lowrank-bokeh3: the same and the highlight boost and depth of
; field; depth is a drawable of the image, or -1 for none.
(define (lowrank-bokeh--apply3 image drawable shape radius blades rotation curvature
                               rank energy-target gamma edge-mode kernel-file factorization
                               highlight-stops highlight-low highlight-high
                               depth focus focus-tolerance depth-invert)
  (plug-in-lowrank-bokeh3 RUN-NONINTERACTIVE image drawable shape radius blades rotation
                          curvature rank energy-target gamma edge-mode kernel-file
                          factorization highlight-stops highlight-low highlight-high
                          depth focus focus-tolerance depth-invert))

; plug-in-lowrank-bokeh4: the same and the grain, the camera and the cat's
; eye (plug-in-lowrank-bokeh4's arguments after plug-in-lowrank-bokeh3's).
(define (lowrank-bokeh--apply4 image drawable shape radius blades rotation curvature
                               rank energy-target gamma edge-mode kernel-file factorization
                               highlight-stops highlight-low highlight-high
                               depth focus focus-tolerance depth-invert
                               grain grain-level grain-seed use-camera focal-length f-number
                               focus-distance sensor-width depth-units depth-near depth-far
                               depth-scale cats-eye)
  (plug-in-lowrank-bokeh4 RUN-NONINTERACTIVE image drawable shape radius blades rotation
                          curvature rank energy-target gamma edge-mode kernel-file
                          factorization highlight-stops highlight-low highlight-high
                          depth focus focus-tolerance depth-invert
                          grain grain-level grain-seed use-camera focal-length f-number
                          focus-distance sensor-width depth-units depth-near depth-far
                          depth-scale cats-eye))

; plug-in-lowrank-bokeh-kernel-from-photo: the kernel of the light in the
; rectangle (width or height 0: the selection) written to FILENAME; returns
; (rank num-singular-values noise centre-x centre-y report).
(define (lowrank-bokeh--kernel-from-photo image drawable x y width height rank filename)
  (plug-in-lowrank-bokeh-kernel-from-photo RUN-NONINTERACTIVE image drawable x y width height
                                          rank filename))

; An image file as a hidden layer on top of IMAGE (a depth map, say).
(define (lowrank-bokeh--load-layer image filename)
  (let ((layer (car (gimp-file-load-layer RUN-NONINTERACTIVE image filename))))
    (gimp-image-insert-layer image layer 0 -1)
    (gimp-item-set-visible layer FALSE)
    layer))
