@uc:lcu-install
Feature: Installation of a load-control unit (IEC 61968-9 2013 clause 5.4, 2024 clause 5.4, use case EDC-02)
  An installer (work management, WM, played by the suite) puts a new load-control device in at a customer's premises
  and tells the system of it with created(EndDeviceConfig): an EndDevice of type CIM9-186 ("16", LoadControlDevice)
  with an installCode and an electronicAddress, installed now; then links it to the usage point of the profile's
  first meter with create(MasterDataLinkageConfig). The SUT acknowledges both (reply, OK).
  A head-end then tells its MDM (the suite, at <listener>/mdm/events) created(EndDeviceEvents) with the installation
  of the device: an event naming the new device, of domain 6 Installation (CIM9-187; 16.6.0.105 Installed by the
  reference SUT), with EndDeviceType 16 or 0 (CIM9-188, a warning otherwise), dated not before the installation and
  not after its receipt (clock skew). An MDM keeps the device and the link: a get(EndDeviceConfig) of the usage point
  lists the device; the device is deleted again after the scenario.

  @usecase:EDC-02 @pattern:P2 @edition:2024 @clause:2024:5.4
  @clause:2013:5.4 @role:HES @edition:2013 @req:EDC-02.1
  Scenario: The installer tells the head-end of a new load-control unit and the head-end reports it installed
    Given a meter installed at a usage point
    When the installer tells the head-end of a new load-control unit at the meter's usage point
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the installer links the load-control unit to the usage point at the head-end
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the MDM waits for the installation events of the load-control unit
    Then every installation event message is valid against its schemas and conformant
    And the installation events name the load-control unit, in domain 6, sanely dated

  @usecase:EDC-02 @usecase:MD-01 @pattern:P2 @edition:2024 @clause:2024:5.4
  @clause:2013:5.4 @role:MDM @edition:2013 @req:EDC-02.2
  Scenario: The installer tells the MDM of a new load-control unit linked to a usage point, and a Get shows the link
    Given a meter installed at a usage point
    When the installer tells the MDM of a new load-control unit at the meter's usage point
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the installer links the load-control unit to the usage point at the MDM
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the MDM shows the load-control unit linked to the usage point
