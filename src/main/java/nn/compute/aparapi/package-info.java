/** The OpenCL backend: Aparapi kernels over one device-resident arena; the only package that imports com.aparapi. */
package nn.compute.aparapi;
